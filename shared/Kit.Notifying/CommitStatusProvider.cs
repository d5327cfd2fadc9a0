namespace Kit.Notifying;

/// <summary>The git hosts whose commit status API the notifier speaks.</summary>
public enum CommitStatusProvider
{
    GitHub,
    GitLab,
}
