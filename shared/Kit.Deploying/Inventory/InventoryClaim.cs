namespace Kit.Deploying.Inventory;

/// <summary>The result of claiming a cluster: the verdict, the inventory before, and the claimed version to complete.</summary>
public sealed record InventoryClaim(InventoryVerdict Verdict, InventoryRecord? Previous, InventoryRecord? Claimed);
