using Kit.Contracts;

namespace Kit.Deploying;

/// <summary>
/// What one deployment or reconcile of a cluster did (<see cref="Deployed"/>: skipped "unchanged" when the live
/// check found the cluster as deployed) and the drift it found, if any. The caller publishes both.
/// </summary>
public sealed record ReconcileResult(ClusterDeployed Deployed, DriftDetected? Drift)
{
    /// <summary>The cluster is at (or is getting) a newer sequence: nothing was touched.</summary>
    public bool Stale => Deployed is { Outcome: DeploymentOutcome.Skipped, SkipReason: "stale" };

    /// <summary>Something was written to the cluster (a deployment, or drift healed).</summary>
    public bool Changed => Deployed.Outcome != DeploymentOutcome.Skipped;

    public string? Error => Deployed.Error;
}
