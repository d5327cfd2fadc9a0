namespace Kit.Contracts;

/// <summary>
/// A deployer asks for the branch's tip to be rendered again for some clusters (or all): it started and
/// knows no desired state yet, or a cluster's kubeconfig appeared. The commit watcher answers with a
/// <see cref="ManifestsCommitted"/> of cause <see cref="CommitCause.Reconcile"/> naming those clusters.
/// </summary>
public sealed record ReconcileRequested
{
    public required Guid CorrelationId { get; init; }

    /// <summary>The clusters to render; empty means every cluster.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>Why, for the logs: e.g. <c>deployer started</c>, <c>kubeconfig appeared</c>.</summary>
    public required string Reason { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
}
