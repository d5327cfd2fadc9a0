namespace Kit.KubeSim;

/// <summary>
/// Field selectors with = and !=: metadata.name and metadata.namespace everywhere, plus any dotted
/// field path (involvedObject.name, status.phase, spec.nodeName) the way per-kind selectors read them.
/// </summary>
sealed class FieldSelector
{
    readonly List<(string Field, string Value, bool Equal)> terms = [];

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ne = raw.IndexOf("!=", StringComparison.Ordinal);
            var eq = raw.IndexOf('=');
            var (field, value, equal) = ne > 0
                ? (raw[..ne], raw[(ne + 2)..], false)
                : eq > 0 ? (raw[..eq], raw[(eq + (raw.Length > eq + 1 && raw[eq + 1] == '=' ? 2 : 1))..], true)
                : throw ApiException.BadRequest($"invalid field selector: \"{raw}\"");
            if (field.Length == 0 || field.Split('.').Any(p => p.Length == 0))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            selector.terms.Add((field, value, equal));
        }

        return selector;
    }

    bool NeedsObject => terms.Any(t => t.Field is not ("metadata.name" or "metadata.namespace"));

    public bool Matches(StoredObject obj)
    {
        if (terms.Count == 0)
        {
            return true;
        }

        var parsed = NeedsObject ? obj.Parse() : null;
        return terms.All(t =>
        {
            var actual = t.Field switch
            {
                "metadata.name" => obj.Name,
                "metadata.namespace" => obj.Namespace ?? "",
                _ => Value(parsed!, t.Field),
            };
            return (actual == t.Value) == t.Equal;
        });
    }

    static string Value(System.Text.Json.Nodes.JsonObject obj, string field)
    {
        System.Text.Json.Nodes.JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = (node as System.Text.Json.Nodes.JsonObject)?[part];
        }

        return node switch
        {
            null => "",
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
