namespace Kit.Contracts;

/// <summary>How one cluster's deployment ended.</summary>
public enum DeploymentOutcome
{
    Succeeded,
    Failed,
    RolledBack,
    Skipped,
    TimedOut,
}
