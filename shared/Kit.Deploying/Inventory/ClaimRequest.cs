namespace Kit.Deploying.Inventory;

/// <summary>What a worker asks of a cluster's inventory.</summary>
public sealed record ClaimRequest(long Sequence, string Digest, string Commit, string DeploymentId, bool Force, string Holder, TimeSpan Lease);
