namespace Kit.Contracts;

/// <summary>A CI build pushed an image; the image-deployer writes it into the deployments repository.</summary>
public sealed record ImageBuilt
{
    /// <summary>The deployment id, carried by every later event.</summary>
    public required Guid CorrelationId { get; init; }

    /// <summary>Full reference: <c>registry/repo:tag</c> or <c>registry/repo@sha256:…</c>.</summary>
    public required string Image { get; init; }

    /// <summary>The image repository key: the folder under <c>images/</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>The source branch the image was built from: the file name under the key's folder.</summary>
    public required string Branch { get; init; }

    public string? SourceCommit { get; init; }
    public string? CommitterName { get; init; }
    public string? CommitterEmail { get; init; }
    public string? Message { get; init; }

    /// <summary>When the build produced the image; an older build never overwrites a newer one.</summary>
    public DateTimeOffset? BuiltAt { get; init; }

    /// <summary>
    /// The source (kit.yaml's <c>sources:</c>) the image was built from, at the commit CI built: the same
    /// deployments-repository commit that sets the image pins that source to that commit. Null: only the image.
    /// </summary>
    public SourceRevision? Source { get; init; }
}
