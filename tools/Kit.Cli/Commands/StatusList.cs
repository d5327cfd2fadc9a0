using Kit.Tracking.Queries;

namespace Kit.Cli.Commands;

/// <summary><c>kit status -o json|yaml</c> without an argument: the recent deployments and every cluster, as the tracker's API returns them.</summary>
public sealed record StatusList(IReadOnlyList<DeploymentView> Deployments, IReadOnlyList<ClusterView> Clusters);
