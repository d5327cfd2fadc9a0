using Kit.Contracts;

namespace Kit.Tracking.Queries;

/// <summary>One cluster of one deployment; no outcome yet while it is pending.</summary>
public sealed record ClusterProgressView
{
    public required string Cluster { get; init; }
    public DeploymentOutcome? Outcome { get; init; }
    public string? SkipReason { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> Images { get; init; } = [];
    public TimeSpan? Duration { get; init; }
    public DateTimeOffset? ReportedAt { get; init; }
    public bool Planned { get; init; }
}
