using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>One served resource: the names discovery, routing and Table output need.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    string[] ShortNames,
    bool HasStatus = false,
    bool HasGeneration = false,
    string[]? Categories = null)
{
    public string Singular { get; init; } = Kind.ToLowerInvariant();

    /// <summary>A custom kind's schema, from its CRD version's openAPIV3Schema (null for built-in kinds).</summary>
    internal Schema? CustomSchema { get; init; }

    /// <summary>The kind's root object schema: the CRD's for a custom kind, the shared built-in catalog's otherwise.</summary>
    internal Schema? Schema => CustomSchema ?? SchemaCatalog.BuiltIn.For(Group, Version, Kind);

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    public string ListKind => Kind + "List";

    /// <summary>Storage key: versions of one group share storage, as in etcd.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    /// <summary>"deployments.apps", the resource name in error messages.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool Matches(string name) =>
        string.Equals(name, Plural, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Kind, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Singular, StringComparison.OrdinalIgnoreCase)
        || ShortNames.Contains(name, StringComparer.OrdinalIgnoreCase);
}
