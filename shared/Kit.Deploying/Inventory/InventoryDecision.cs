namespace Kit.Deploying.Inventory;

/// <summary>The never-backwards rule, as a pure function of the inventory.</summary>
public static class InventoryDecision
{
    public static InventoryVerdict Decide(InventoryRecord? current, long sequence, string digest, bool force, string holder, DateTimeOffset now)
    {
        if (current is null)
        {
            return InventoryVerdict.Deploy;
        }

        if (sequence < Math.Max(current.Sequence, current.ClaimedSequence))
        {
            return InventoryVerdict.Stale;
        }

        if (current.IsHeldByOther(holder, now))
        {
            return InventoryVerdict.Busy;
        }

        if (!force && current.Status == InventoryStore.Succeeded && string.Equals(current.Digest, digest, StringComparison.OrdinalIgnoreCase))
        {
            return InventoryVerdict.Unchanged;
        }

        return InventoryVerdict.Deploy;
    }
}
