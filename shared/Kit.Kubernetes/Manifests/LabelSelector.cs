using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kit.Kubernetes.Manifests;

/// <summary>A Kubernetes label selector (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>).</summary>
public sealed partial record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Parse(string text)
    {
        var requirements = new List<LabelRequirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var item = part.Trim();
            if (item.Length == 0)
            {
                throw new FormatException($"label selector '{text}' has an empty requirement");
            }

            requirements.Add(ParseRequirement(item, text));
        }

        if (requirements.Count == 0)
        {
            throw new FormatException("label selector is empty");
        }

        return new LabelSelector(requirements);
    }

    /// <summary>The selector of a workload's <c>spec.selector</c> (matchLabels and matchExpressions).</summary>
    public static LabelSelector? FromJson(JsonNode? selector)
    {
        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in ManifestObject.Strings(selector?["matchLabels"]))
        {
            requirements.Add(new LabelRequirement(key, "=", [value]));
        }

        foreach (var expression in selector?["matchExpressions"]?.AsArray() ?? [])
        {
            var key = expression?["key"]?.GetValue<string>() ?? "";
            var values = expression?["values"]?.AsArray().Select(v => v?.ToString() ?? "").ToList() ?? [];
            var op = expression?["operator"]?.GetValue<string>() switch
            {
                "In" => "in",
                "NotIn" => "notin",
                "Exists" => "exists",
                "DoesNotExist" => "!",
                var other => throw new FormatException($"selector operator '{other}' is unknown"),
            };
            requirements.Add(new LabelRequirement(key, op, values));
        }

        return requirements.Count == 0 ? null : new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>The canonical text, as the API's <c>labelSelector</c> parameter takes it.</summary>
    public override string ToString() => string.Join(',', Requirements);

    static LabelRequirement ParseRequirement(string item, string text)
    {
        var set = SetRequirement().Match(item);
        if (set.Success)
        {
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToList();
            if (values.Any(v => !ValidValue(v)))
            {
                throw new FormatException($"label selector '{text}' has an invalid value in '{item}'");
            }

            return new LabelRequirement(Key(set.Groups["key"].Value, text), set.Groups["op"].Value, values);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = item.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = item[(at + op.Length)..].Trim();
                if (!ValidValue(value))
                {
                    throw new FormatException($"label selector '{text}' has an invalid value '{value}'");
                }

                return new LabelRequirement(Key(item[..at], text), op == "==" ? "=" : op, [value]);
            }
        }

        return item.StartsWith('!')
            ? new LabelRequirement(Key(item[1..], text), "!", [])
            : new LabelRequirement(Key(item, text), "exists", []);
    }

    static string Key(string key, string text)
    {
        key = key.Trim();
        return KeyPattern().IsMatch(key) ? key : throw new FormatException($"label selector '{text}' has an invalid key '{key}'");
    }

    static bool ValidValue(string value) => value.Length == 0 || ValuePattern().IsMatch(value);

    static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[^\s!=()]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex ValuePattern();
}
