namespace Kit.Contracts;

/// <summary>The deployments repository has a new commit to roll out.</summary>
public sealed record ManifestsCommitted
{
    public required Guid CorrelationId { get; init; }

    /// <summary>The deployments repository (path, file://, git:// or https:// URL; never with credentials).</summary>
    public required string Repository { get; init; }

    /// <summary>The branch, e.g. <c>main</c>.</summary>
    public required string Ref { get; init; }

    public required string CommitSha { get; init; }
    public IReadOnlyList<string> ChangedPaths { get; init; } = [];
    public required CommitCause Cause { get; init; }

    /// <summary>The image that caused the commit, when the cause is an image.</summary>
    public string? SourceImage { get; init; }

    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>Only these clusters are rendered (a <see cref="CommitCause.Reconcile"/> for some clusters); null means every cluster the commit affects.</summary>
    public IReadOnlyList<string>? Clusters { get; init; }
}
