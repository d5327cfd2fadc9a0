namespace Kit.Git.Images;

/// <summary>An update waiting for its commit, and the caller waiting for its result.</summary>
sealed class PendingImage(ImageUpdate update)
{
    public ImageUpdate Update { get; } = update;

    public TaskCompletionSource<ImageUpdateResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Commits are made as the event's committer, so one commit holds updates of one committer only.</summary>
    public (string Name, string Email) Committer(ImageDeployerSettings settings) => (
        string.IsNullOrWhiteSpace(Update.CommitterName) ? settings.CommitterName : Update.CommitterName.Trim(),
        string.IsNullOrWhiteSpace(Update.CommitterEmail) ? settings.CommitterEmail : Update.CommitterEmail.Trim());
}
