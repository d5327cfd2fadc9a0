namespace Kit.Tracking.Storage;

/// <summary>A cluster a deployment was planned for; the key makes a redelivered plan a no-op.</summary>
public sealed class PlannedClusterRow
{
    public Guid DeploymentId { get; set; }
    public required string Cluster { get; set; }
}
