namespace Kit.Notifying;

/// <summary>A deployment's state as a commit status: each host's API names it its own way.</summary>
public enum CommitState
{
    Pending,
    Success,
    Failure,
}
