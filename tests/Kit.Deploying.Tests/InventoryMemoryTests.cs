using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.KubeSim;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>A worker claims a cluster from the inventory it wrote last, without reading it first, only while nobody else writes it.</summary>
public sealed class InventoryMemoryTests
{
    [Fact]
    public async Task A_worker_that_wrote_the_inventory_last_claims_the_next_deployment_without_reading_it()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await DeployAsync(deployer, 1, "a");
        fleet["one"].ClearRequestLog();

        await DeployAsync(deployer, 2, "b");

        Assert.Equal(["update", "update"], Inventory(fleet).Select(r => $"{r.Verb}"));
        Assert.Equal(2, Stored(fleet).Sequence);
    }

    [Fact]
    public async Task A_claim_from_memory_meets_another_workers_write_reads_the_inventory_and_deploys()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var first = fleet.NewDeployer();
        var second = fleet.NewDeployer();
        await DeployAsync(first, 1, "a");
        await DeployAsync(second, 2, "b");
        fleet["one"].ClearRequestLog();

        var third = await DeployAsync(first, 3, "c");

        // The remembered resourceVersion is refused, the inventory is read, the set is checked against it and claimed.
        Assert.Equal(["update 409", "get 200", "update 200", "update 200"], Inventory(fleet).Select(r => $"{r.Verb} {r.StatusCode}"));
        Assert.Equal(["ConfigMap settings configured", "Deployment web unchanged"], third.Resources.Select(r => $"{r.Kind} {r.Name} {r.Action}"));
        Assert.Equal((3L, "c"), (Stored(fleet).Sequence, Value(fleet)));

        // Memory that proved wrong is not used again until a read shows nobody else wrote since.
        fleet["one"].ClearRequestLog();
        await DeployAsync(first, 4, "d");
        Assert.Equal(["get 200", "update 200", "update 200"], Inventory(fleet).Select(r => $"{r.Verb} {r.StatusCode}"));
        fleet["one"].ClearRequestLog();
        await DeployAsync(first, 5, "e");
        Assert.Equal(["update 200", "update 200"], Inventory(fleet).Select(r => $"{r.Verb} {r.StatusCode}"));
    }

    [Fact]
    public async Task A_deleted_inventory_is_created_again_though_memory_held_it()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await DeployAsync(deployer, 1, "a");
        Assert.True(fleet["one"].Delete("ConfigMap", "default", InventoryStore.Name));
        fleet["one"].ClearRequestLog();

        await DeployAsync(deployer, 2, "b");

        Assert.Equal(["update 404", "get 404", "create 201", "update 200"], Inventory(fleet).Select(r => $"{r.Verb} {r.StatusCode}"));
        Assert.Equal((2L, "b"), (Stored(fleet).Sequence, Value(fleet)));
    }

    [Fact]
    public async Task A_verdict_that_writes_nothing_is_taken_from_the_inventory_as_read_not_as_remembered()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await DeployAsync(deployer, 5, "new");
        Assert.True(fleet["one"].Delete("ConfigMap", "default", InventoryStore.Name));

        // Memory says sequence 5, so 4 would be stale; the inventory is gone, so a worker that reads it deploys 4.
        var older = await DeployAsync(deployer, 4, "old");

        Assert.Null(older.SkipReason);
        Assert.Equal((4L, "old"), (Stored(fleet).Sequence, Value(fleet)));
    }

    static async Task<ClusterDeployed> DeployAsync(ClusterDeployer deployer, long sequence, string value)
    {
        var result = await deployer.DeployAsync(Fleet.Message("one", sequence, Set(ConfigMap("settings", value), Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        return result;
    }

    static List<RequestLogEntry> Inventory(Fleet fleet) =>
        [.. fleet["one"].RequestLog.Where(r => r.Resource == "configmaps" && r.Name == InventoryStore.Name)];

    static InventoryRecord Stored(Fleet fleet) => InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);

    static string Value(Fleet fleet) => fleet["one"].Get("ConfigMap", "default", "settings")!["data"]!["value"]!.GetValue<string>();
}
