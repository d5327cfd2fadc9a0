namespace Kit.Deploying.Inventory;

/// <summary>What kit last deployed to a cluster, and who is deploying to it now (the claim).</summary>
public sealed record InventoryRecord
{
    public long Sequence { get; init; }
    public string? Commit { get; init; }
    public string? Digest { get; init; }
    public string? DeploymentId { get; init; }

    /// <summary><c>succeeded</c> or <c>failed</c>: only a succeeded digest counts as unchanged.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<InventoryItem> Objects { get; init; } = [];

    /// <summary>The worker deploying now, until <see cref="LeaseUntil"/>.</summary>
    public string? Holder { get; init; }

    /// <summary>The sequence the last claim was for: never deploy below it, even after its holder died.</summary>
    public long ClaimedSequence { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public string? ResourceVersion { get; init; }

    public bool IsHeldByOther(string holder, DateTimeOffset now) => Holder is not null && Holder != holder && LeaseUntil > now;
}
