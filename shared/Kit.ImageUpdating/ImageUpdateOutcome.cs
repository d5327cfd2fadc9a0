namespace Kit.ImageUpdating;

/// <summary>What became of an <see cref="ImageUpdate"/>.</summary>
public enum ImageUpdateOutcome
{
    /// <summary>Written, committed and pushed now.</summary>
    Committed,

    /// <summary>An earlier delivery of the same deployment was pushed already (found by its trailer).</summary>
    AlreadyPushed,

    /// <summary>Deliberately not written: pinned file, older build, same image.</summary>
    Skipped,

    /// <summary>Bad input or a repository file that does not parse; nothing changed.</summary>
    Failed,
}
