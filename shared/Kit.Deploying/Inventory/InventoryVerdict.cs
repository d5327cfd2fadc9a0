namespace Kit.Deploying.Inventory;

/// <summary>What a worker does with a cluster given its inventory.</summary>
public enum InventoryVerdict
{
    Deploy,

    /// <summary>The cluster has (or is getting) a newer sequence: touch nothing.</summary>
    Stale,

    /// <summary>The same digest already succeeded.</summary>
    Unchanged,

    /// <summary>Another worker holds an unexpired claim.</summary>
    Busy,
}
