namespace Kit.Rendering;

/// <summary>One cluster after merging base &lt; type &lt; cluster: its resources and its template variables.</summary>
public sealed record ClusterDefinition(
    string Name,
    string? Type,
    string? Branch,
    bool Disabled,
    bool AllowFailure,
    string SourceFile,
    OrderedDictionary<string, object?> Cluster,
    OrderedDictionary<string, object?> Configuration);
