using Kit.Contracts;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Rendering.Tests;

/// <summary>A cluster folder removed by a commit: the deploymentizer plans it and sends it as removed, with no manifests.</summary>
public sealed class RemovedClusterTests
{
    [Fact]
    public async Task A_cluster_folder_removed_by_the_commit_is_planned_and_rendered_as_removed()
    {
        using var repo = new SampleCopy();
        repo.Commit("first");
        Directory.Delete(Path.Combine(repo.Root, "clusters", "staging-1"), recursive: true);
        var sha = repo.Commit("remove staging-1");
        await using var provider = ManifestsCommittedConsumerTests.Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(ManifestsCommittedConsumerTests.Commit(repo.Root, sha));

        Assert.True(await Eventually.HoldsAsync(() => harness.Published.Select<ManifestsRendered>().Count() >= 3, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50)));
        var planned = (await harness.Published.SelectAsync<DeploymentPlanned>().First()).Context.Message;
        Assert.Equal(["dev-1", "prod-1", "staging-1"], planned.Clusters.Order());
        var rendered = harness.Published.Select<ManifestsRendered>().Select(m => m.Context.Message).ToList();
        var removed = Assert.Single(rendered, r => r.Removed);
        Assert.Equal(("staging-1", sha, 2L), (removed.Cluster, removed.CommitSha, removed.Sequence));
        Assert.Empty(removed.Manifests);
        Assert.Equal(ClusterManifests.ComputeDigest([]), removed.Digest);
        Assert.All(rendered.Where(r => r.Cluster != "staging-1"), r => Assert.NotEmpty(r.Manifests));
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }

    [Fact]
    public async Task A_commit_that_keeps_every_cluster_folder_removes_none()
    {
        using var repo = new SampleCopy();
        repo.Commit("first");
        var sha = repo.Write("clusters/staging-1/cluster.yaml", File.ReadAllText(Path.Combine(repo.Root, "clusters/staging-1/cluster.yaml")).Replace("name: staging-1", "name: staging-1\n  disable: true")).Commit("disable staging-1");
        await using var provider = ManifestsCommittedConsumerTests.Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(ManifestsCommittedConsumerTests.Commit(repo.Root, sha));

        var planned = (await harness.Published.SelectAsync<DeploymentPlanned>().First()).Context.Message;
        Assert.Equal(["dev-1", "prod-1"], planned.Clusters.Order());
        Assert.DoesNotContain(harness.Published.Select<ManifestsRendered>(), r => r.Context.Message.Removed);
    }
}
