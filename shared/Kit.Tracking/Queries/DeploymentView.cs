using Kit.Contracts;

namespace Kit.Tracking.Queries;

/// <summary>A deployment as <c>/api/deployments</c> shows it.</summary>
public sealed record DeploymentView
{
    public required Guid Id { get; init; }
    public string? CommitSha { get; init; }
    public string? Repository { get; init; }
    public string? Ref { get; init; }
    public CommitCause? Cause { get; init; }
    public string? SourceImage { get; init; }
    public required DeploymentStatus Status { get; init; }

    /// <summary>False until DeploymentPlanned arrived: the total is then only what reported so far, and the percent 0.</summary>
    public bool Planned { get; init; }

    public required DeploymentProgress Progress { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset DeadlineAt { get; init; }

    /// <summary>Each cluster's state; filled by <c>/api/deployments/{id}</c> only.</summary>
    public IReadOnlyList<ClusterProgressView>? Clusters { get; init; }
}
