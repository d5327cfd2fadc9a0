namespace Kit.Contracts;

/// <summary>One cluster's outcome for one commit.</summary>
public sealed record ClusterDeployed
{
    public required Guid CorrelationId { get; init; }
    public required string Cluster { get; init; }
    public required string CommitSha { get; init; }
    public long Sequence { get; init; }
    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>
    /// Why a cluster was skipped: <c>stale</c>, <c>unchanged</c>, or <c>orphaned</c> (its folder was removed from the
    /// repository and its objects are kept, see <see cref="ManifestsRendered.Removed"/>).
    /// </summary>
    public string? SkipReason { get; init; }

    public IReadOnlyList<ResourceAction> Resources { get; init; } = [];
    public TimeSpan Duration { get; init; }

    /// <summary>Names the object and the reason when the outcome is a failure.</summary>
    public string? Error { get; init; }

    /// <summary>The images now running on the cluster (container images of the applied workloads).</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    public bool AllowFailure { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
