namespace Kit.KubeSim;

/// <summary>The field selectors kubectl and informers send: metadata.name and metadata.namespace, = and !=.</summary>
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
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            selector.terms.Add((field, value, equal));
        }

        return selector;
    }

    /// <summary>The single name an equality term pins, so a list can look it up directly.</summary>
    public string? ExactName => terms.Where(t => t.Field == "metadata.name" && t.Equal).Select(t => t.Value).FirstOrDefault();

    public bool Matches(string? ns, string name) => terms.All(t =>
        (t.Field == "metadata.name" ? name : ns ?? "") == t.Value == t.Equal);
}
