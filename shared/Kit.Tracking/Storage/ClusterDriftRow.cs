namespace Kit.Tracking.Storage;

/// <summary>A cluster's latest drift (one row per cluster, replaced by each newer DriftDetected).</summary>
public sealed class ClusterDriftRow
{
    public required string Cluster { get; set; }
    public Guid DeploymentId { get; set; }
    public required string CommitSha { get; set; }
    public long Sequence { get; set; }

    /// <summary>The episode: the same for every check that finds the same drift at the same commit.</summary>
    public required string Signature { get; set; }

    /// <summary>The drifted objects, their fields and managers, as JSON.</summary>
    public required string Objects { get; set; }

    public int ObjectCount { get; set; }
    public bool Healed { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset DetectedAt { get; set; }

    /// <summary>When this episode (this signature) was first seen.</summary>
    public DateTimeOffset FirstDetectedAt { get; set; }
}
