namespace Kit.Tracking.Queries;

/// <summary>Where a deployment stands.</summary>
public enum DeploymentStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Ended without deploying anything, deliberately (e.g. an image that was not written).</summary>
    NothingDeployed,
}
