using Kit.Contracts;
using Kit.Deploying.Inventory;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class LeaseTests
{
    [Fact]
    public async Task A_rollout_longer_than_the_lease_keeps_the_claim_renewed_and_releases_it_at_the_end()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 5 },
            s => s.LeaseSeconds = 3);
        var deploying = fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(Deployment("web", "registry/web:1"))), null, CancellationToken.None);

        // Well past the first lease: without renewal it would have lapsed and another worker could take the cluster.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var held = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.NotNull(held.Holder);
        Assert.True(held.LeaseUntil > DateTimeOffset.UtcNow, $"lease until {held.LeaseUntil:O}, now {DateTimeOffset.UtcNow:O}");
        Assert.True(held.LeaseUntil < DateTimeOffset.UtcNow.AddSeconds(4), "the lease is short, not the rollout timeout");

        var result = await deploying.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeploymentOutcome.Succeeded, result.Outcome);
        var released = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Null(released.Holder);
        Assert.Equal((InventoryStore.Succeeded, 1L), (released.Status, released.Sequence));
    }
}
