namespace Kit.ImageUpdating;

/// <summary>An update waiting for its commit, and the caller waiting for its result.</summary>
sealed class PendingImage(ImageUpdate update)
{
    public ImageUpdate Update { get; } = update;

    public TaskCompletionSource<ImageUpdateResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Commits are made as the event's committer, so one commit holds updates of one committer only.</summary>
    public (string Name, string Email) Committer(ImageDeployerSettings settings) => (
        Clean(Update.CommitterName) is { Length: > 0 } name ? name : settings.CommitterName,
        Clean(Update.CommitterEmail) is { Length: > 0 } email ? email : settings.CommitterEmail);

    // git refuses identities with angle brackets or line breaks; CI variables sometimes carry them.
    static string Clean(string? value) =>
        new string((value ?? "").Where(c => c is not ('<' or '>') && !char.IsControl(c)).ToArray()).Trim();
}
