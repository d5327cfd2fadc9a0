namespace Kit.Git;

/// <summary>Where a commit of a source stands against the commit pinned now.</summary>
public enum SourceMove
{
    /// <summary>It is the pinned commit.</summary>
    Same,

    /// <summary>It descends from the pinned commit (or nothing is pinned): pinning it moves forward.</summary>
    Forward,

    /// <summary>It is older than the pinned commit, or on another line of history: pinning it could go back.</summary>
    NotDescendant,

    /// <summary>The source's repository does not hold it.</summary>
    Missing,
}
