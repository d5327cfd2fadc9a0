using Kit.Contracts;
using Kit.Deploying.Inventory;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>A cluster whose folder was removed from the repository: orphaned by default, pruned when asked to.</summary>
public sealed class RemovedClusterTests
{
    [Fact]
    public async Task A_removed_cluster_is_skipped_as_orphaned_and_keeps_its_objects()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("c", "1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);

        var removed = await deployer.DeployAsync(Removed("one", 2), null, CancellationToken.None);

        Assert.Equal((DeploymentOutcome.Skipped, "orphaned"), (removed.Outcome, removed.SkipReason));
        Assert.Empty(removed.Resources);
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "c"));
        Assert.NotNull(fleet["one"].Get("Deployment", "default", "web"));
        var inventory = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Equal(1L, inventory.Sequence);
    }

    [Fact]
    public async Task With_prune_removed_clusters_the_empty_set_prunes_what_kit_deployed_there()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s => s.PruneRemovedClusters = true);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 2, Set(ConfigMap("c", "1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);

        // Never backwards: a removal older than what the cluster runs changes nothing.
        var stale = await deployer.DeployAsync(Removed("one", 1), null, CancellationToken.None);
        Assert.Equal((DeploymentOutcome.Skipped, "stale"), (stale.Outcome, stale.SkipReason));
        Assert.NotNull(fleet["one"].Get("Deployment", "default", "web"));

        var removed = await deployer.DeployAsync(Removed("one", 3), null, CancellationToken.None);

        Assert.True(removed.Outcome == DeploymentOutcome.Succeeded, removed.Error);
        Assert.Equal(["ConfigMap/c", "Deployment/web"], removed.Resources.Where(r => r.Action == "pruned").Select(r => $"{r.Kind}/{r.Name}").Order());
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "c"));
        Assert.Null(fleet["one"].Get("Deployment", "default", "web"));
        var inventory = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Equal((3L, 0), (inventory.Sequence, inventory.Objects.Count));
    }

    static ManifestsRendered Removed(string cluster, long sequence) => Fleet.Message(cluster, sequence, "") with
    {
        Manifests = [],
        Removed = true,
    };
}
