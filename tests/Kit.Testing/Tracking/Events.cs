using Kit.Contracts;

namespace Kit.Testing.Tracking;

/// <summary>Events as the deploymentizer and deployers send them.</summary>
public static class Events
{
    public static DeploymentPlanned Planned(Guid id, string commit, params string[] clusters) => new()
    {
        CorrelationId = id,
        Repository = "file:///deployments",
        Ref = "main",
        CommitSha = commit,
        Cause = CommitCause.Image,
        SourceImage = "registry.example.com/team/auth:1.4.2",
        Clusters = clusters,
        PlannedAt = DateTimeOffset.UtcNow,
    };

    public static ClusterDeployed Deployed(Guid id, string cluster, string commit, DeploymentOutcome outcome = DeploymentOutcome.Succeeded, string? error = null) => new()
    {
        CorrelationId = id,
        Cluster = cluster,
        CommitSha = commit,
        Outcome = outcome,
        Error = error,
        Images = [$"registry.example.com/team/auth:{commit[..4]}"],
        Duration = TimeSpan.FromSeconds(3),
        CompletedAt = DateTimeOffset.UtcNow,
    };

    public static string[] Clusters(int count) => Enumerable.Range(1, count).Select(i => $"cluster-{i}").ToArray();
}
