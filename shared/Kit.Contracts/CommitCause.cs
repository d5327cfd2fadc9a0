namespace Kit.Contracts;

/// <summary>Why the deployments repository has a commit to roll out.</summary>
public enum CommitCause
{
    Image,
    Push,
    Poll,
    Manual,
}
