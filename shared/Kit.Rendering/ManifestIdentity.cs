namespace Kit.Rendering;

/// <summary>Which object one rendered document is, and the line it starts on: what the checks across a cluster's files compare.</summary>
public sealed record ManifestIdentity(string ApiVersion, string Kind, string? Namespace, string Name, int Line)
{
    /// <summary>The API group: one object may be written in two versions of it, never twice.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
