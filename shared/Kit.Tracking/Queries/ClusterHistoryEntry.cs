using Kit.Contracts;

namespace Kit.Tracking.Queries;

/// <summary>One deployment of one cluster, newest first in a history: the one before the current is the rollback target.</summary>
public sealed record ClusterHistoryEntry
{
    public required Guid DeploymentId { get; init; }
    public required string CommitSha { get; init; }
    public IReadOnlyList<string> Images { get; init; } = [];
    public required DeploymentOutcome Outcome { get; init; }
    public string? SkipReason { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    public TimeSpan Duration { get; init; }
}
