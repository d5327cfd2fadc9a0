namespace Kit.Kubernetes;

/// <summary>The labels kit puts on what it manages; prune deletes only objects that carry <see cref="ManagedBy"/> = kit.</summary>
public static class Marks
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Kit = "kit";
    public const string DeploymentId = "kit.io/deployment-id";
    public const string Commit = "kit.io/commit";

    /// <summary>fast-rollback: the deploy id a workload copy and its Service selector carry.</summary>
    public const string DeployId = "kit.io/deploy-id";

    /// <summary>fast-rollback: the workload a copy was made from.</summary>
    public const string CopyOf = "kit.io/copy-of";

    public const string FieldManager = "kit";
}
