namespace Kit.KubeSim;

/// <summary>One API request a cluster answered: what was asked, of which object, and for writes the object's labels and annotations.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Verb,
    int StatusCode,
    string? Resource = null,
    string? Namespace = null,
    string? Name = null,
    string? FieldManager = null,
    long? ResourceVersion = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    bool DryRun = false)
{
    /// <summary>True for create, update, patch, apply and delete, unless sent as a dry-run (<c>dryRun=All</c>), which writes nothing.</summary>
    public bool IsWrite => !DryRun && Verb is "create" or "update" or "patch" or "apply" or "delete";
}
