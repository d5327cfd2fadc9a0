namespace Kit.Contracts;

/// <summary>A cluster that did not deploy, and why.</summary>
public sealed record ClusterFailure
{
    public required string Cluster { get; init; }
    public required DeploymentOutcome Outcome { get; init; }
    public required string Reason { get; init; }
}
