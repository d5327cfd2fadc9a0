using Kit.Contracts;

namespace Kit.Tracking.Queries;

/// <summary>What runs on a cluster (its last successful deployment) and how its last deployment went.</summary>
public sealed record ClusterView
{
    public required string Cluster { get; init; }
    public string? CurrentCommit { get; init; }
    public IReadOnlyList<string> CurrentImages { get; init; } = [];
    public Guid? CurrentDeploymentId { get; init; }
    public DateTimeOffset? DeployedAt { get; init; }
    public required DeploymentOutcome LastOutcome { get; init; }
    public required Guid LastDeploymentId { get; init; }
    public required DateTimeOffset LastReportedAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>Why the last deployment skipped the cluster (<c>unchanged</c>, <c>stale</c>, <c>orphaned</c>).</summary>
    public string? LastSkipReason { get; init; }

    /// <summary>The cluster's folder was removed from the repository and its objects were kept.</summary>
    public bool Orphaned { get; init; }

    /// <summary>The latest drift found on the cluster, if any.</summary>
    public ClusterDriftView? Drift { get; init; }
}
