namespace Kit.Contracts;

/// <summary>
/// A reconcile found a cluster's live objects different from the set deployed for its commit: changed by
/// another field manager, set by an imperative kubectl command, or deleted. Published once per check that
/// finds drift; <see cref="Signature"/> names the episode, so a tracker records it and a notifier tells it once.
/// </summary>
public sealed record DriftDetected
{
    /// <summary>The deployment that put the cluster at <see cref="CommitSha"/>.</summary>
    public required Guid CorrelationId { get; init; }

    public required string Cluster { get; init; }
    public required string Repository { get; init; }
    public required string Ref { get; init; }
    public required string CommitSha { get; init; }
    public long Sequence { get; init; }

    /// <summary>The drifted objects and their fields (values of secrets never shown).</summary>
    public required IReadOnlyList<DriftedObject> Objects { get; init; }

    /// <summary>
    /// The same for every check that finds the same drift at the same commit (cluster, commit, objects and
    /// field paths, without values): one episode.
    /// </summary>
    public required string Signature { get; init; }

    /// <summary>True when self-heal applied the desired state again and the drift is gone.</summary>
    public bool Healed { get; init; }

    /// <summary>Why healing failed, when it was tried and failed.</summary>
    public string? Error { get; init; }

    public DateTimeOffset DetectedAt { get; init; }
}
