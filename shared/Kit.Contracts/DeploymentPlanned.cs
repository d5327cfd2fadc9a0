namespace Kit.Contracts;

/// <summary>The clusters one commit will be rendered and deployed to.</summary>
public sealed record DeploymentPlanned
{
    public required Guid CorrelationId { get; init; }
    public required string Repository { get; init; }
    public required string Ref { get; init; }
    public required string CommitSha { get; init; }
    public CommitCause Cause { get; init; }
    public string? SourceImage { get; init; }
    public required IReadOnlyList<string> Clusters { get; init; }
    public DateTimeOffset PlannedAt { get; init; }

    /// <summary>The clusters that failed to render (not in <see cref="Clusters"/>); a <see cref="RenderFailed"/> follows for each.</summary>
    public IReadOnlyList<string>? FailedClusters { get; init; }

    /// <summary>Why no cluster could be rendered when the repository itself is broken (the plan is then empty): the commit-wide <see cref="RenderFailed"/>.</summary>
    public RenderFailed? Failure { get; init; }
}
