namespace Kit.KubeSim;

/// <summary>A parsed label selector: =, ==, !=, in, notin, exists and !exists, as kube-apiserver reads them.</summary>
sealed class LabelSelector
{
    readonly List<Func<IReadOnlyDictionary<string, string>, bool>> requirements = [];

    public static readonly LabelSelector Everything = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var part in SplitTopLevel(text))
        {
            selector.requirements.Add(ParseRequirement(part.Trim()));
        }

        return selector;
    }

    static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part)
    {
        if (part.Length == 0)
        {
            throw Bad(part);
        }

        var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && (words[1] == "in" || words[1] == "notin" || words[1].StartsWith("in(", StringComparison.Ordinal) || words[1].StartsWith("notin(", StringComparison.Ordinal)))
        {
            var key = words[0];
            var rest = part[key.Length..].Trim();
            var notIn = rest.StartsWith("notin", StringComparison.Ordinal);
            rest = rest[(notIn ? 5 : 2)..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw Bad(part);
            }

            var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return notIn
                ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
        }

        var ne = part.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            var key = part[..ne].Trim();
            var value = part[(ne + 2)..].Trim();
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        var eq = part.IndexOf('=');
        if (eq > 0)
        {
            var key = part[..eq].Trim();
            var value = part[(eq + (part.Length > eq + 1 && part[eq + 1] == '=' ? 2 : 1))..].Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        if (part.StartsWith('!'))
        {
            var key = part[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        if (part.Contains(' ') || part.Contains('(') || part.Contains(')'))
        {
            throw Bad(part);
        }

        return labels => labels.ContainsKey(part);
    }

    static ApiException Bad(string part) => ApiException.BadRequest($"unable to parse requirement: invalid label selector \"{part}\"");

    static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
