using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>A cluster is defined once: two cluster.yaml files naming it make it an error, never a pick of one.</summary>
public sealed class DuplicateClusterTests
{
    [Fact]
    public void Two_cluster_files_naming_one_cluster_fail_that_cluster_naming_both_files()
    {
        using var repo = new SampleCopy()
            .Write("clusters/dev-1-copy/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var dev = Assert.Single(result.Clusters, c => c.Cluster == "dev-1");
        Assert.Empty(dev.Files);
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Contains("clusters/dev-1/cluster.yaml", error.ToString());
        Assert.Contains("clusters/dev-1-copy/cluster.yaml", error.ToString());
        Assert.Equal(["prod-1", "staging-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
    }

    [Fact]
    public void A_duplicated_cluster_publishes_no_manifests_only_its_failure()
    {
        using var repo = new SampleCopy()
            .Write("clusters/zz-dev/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));
        var events = DeploymentEvents.From(
            new Kit.Contracts.ManifestsCommitted { CorrelationId = Guid.NewGuid(), Repository = "r", Ref = "main", CommitSha = new string('a', 40), Cause = Kit.Contracts.CommitCause.Manual },
            1,
            result,
            DateTimeOffset.UtcNow);

        Assert.DoesNotContain(events.Rendered, r => r.Cluster == "dev-1");
        Assert.DoesNotContain("dev-1", events.Planned.Clusters);
        var failed = Assert.Single(events.Failed);
        Assert.Equal("dev-1", failed.Cluster);
        Assert.Contains("clusters/zz-dev/cluster.yaml", failed.Reason);
    }

    [Fact]
    public void Rendering_only_the_duplicated_cluster_fails()
    {
        using var repo = new SampleCopy()
            .Write("clusters/dev-1-copy/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        Assert.False(result.Succeeded);
        Assert.DoesNotContain(result.Clusters, c => c.Succeeded);
    }
}
