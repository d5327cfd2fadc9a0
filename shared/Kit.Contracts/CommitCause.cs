namespace Kit.Contracts;

/// <summary>Why the deployments repository has a commit to roll out.</summary>
public enum CommitCause
{
    Image,
    Push,
    Poll,
    Manual,

    /// <summary>The watcher started and announces the tip, so a commit made while kit was down is deployed.</summary>
    Startup,

    /// <summary>A deployer asked for the tip again (<see cref="ReconcileRequested"/>).</summary>
    Reconcile,

    /// <summary><c>kit rollback</c> wrote the commit.</summary>
    Rollback,
}
