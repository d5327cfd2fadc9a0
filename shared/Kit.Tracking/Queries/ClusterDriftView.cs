using Kit.Contracts;

namespace Kit.Tracking.Queries;

/// <summary>A cluster's latest drift: what differed from its commit, who changed it, and whether it was healed.</summary>
public sealed record ClusterDriftView
{
    public required string CommitSha { get; init; }
    public Guid DeploymentId { get; init; }
    public required IReadOnlyList<DriftedObject> Objects { get; init; }
    public required string Signature { get; init; }
    public bool Healed { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>When this drift (this signature) was first seen.</summary>
    public DateTimeOffset Since { get; init; }
}
