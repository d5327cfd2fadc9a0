using Kit.Tracking.Queries;

namespace Kit.Cli.Commands;

/// <summary><c>kit status CLUSTER -o json|yaml</c>: the cluster as the tracker's API returns it and its previous good commits, newest first.</summary>
public sealed record ClusterStatus(ClusterView Cluster, IReadOnlyList<ClusterHistoryEntry> GoodCommits);
