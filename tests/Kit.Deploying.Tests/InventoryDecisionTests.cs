using System.Text.Json;
using Kit.Deploying.Inventory;

namespace Kit.Deploying.Tests;

public sealed class InventoryDecisionTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    static InventoryRecord Deployed(long sequence, string digest = "d1", string status = InventoryStore.Succeeded) =>
        new() { Sequence = sequence, ClaimedSequence = sequence, Digest = digest, Status = status };

    [Fact]
    public void A_new_cluster_is_deployed()
    {
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(null, 1, "d1", false, "me", Now));
    }

    [Fact]
    public void An_older_sequence_is_stale()
    {
        Assert.Equal(InventoryVerdict.Stale, InventoryDecision.Decide(Deployed(5), 4, "other", false, "me", Now));
        Assert.Equal(InventoryVerdict.Stale, InventoryDecision.Decide(Deployed(5), 4, "other", true, "me", Now));
    }

    [Fact]
    public void A_sequence_below_a_claim_is_stale_even_after_its_holder_died()
    {
        var claimed = Deployed(5) with { ClaimedSequence = 7, Holder = "dead", LeaseUntil = Now.AddMinutes(-1) };
        Assert.Equal(InventoryVerdict.Stale, InventoryDecision.Decide(claimed, 6, "d6", false, "me", Now));
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(claimed, 7, "d7", false, "me", Now));
    }

    [Fact]
    public void The_same_digest_that_succeeded_is_unchanged_unless_forced()
    {
        Assert.Equal(InventoryVerdict.Unchanged, InventoryDecision.Decide(Deployed(5), 5, "d1", false, "me", Now));
        Assert.Equal(InventoryVerdict.Unchanged, InventoryDecision.Decide(Deployed(5), 6, "D1", false, "me", Now));
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(Deployed(5), 5, "d1", true, "me", Now));
    }

    [Fact]
    public void The_same_digest_that_failed_is_deployed_again()
    {
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(Deployed(5, status: InventoryStore.Failed), 5, "d1", false, "me", Now));
    }

    [Fact]
    public void Another_workers_live_claim_is_waited_for_but_not_this_workers()
    {
        var held = Deployed(5) with { ClaimedSequence = 6, Holder = "other", LeaseUntil = Now.AddMinutes(1) };
        Assert.Equal(InventoryVerdict.Busy, InventoryDecision.Decide(held, 7, "d7", false, "me", Now));
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(held with { Holder = "me" }, 7, "d7", false, "me", Now));
        Assert.Equal(InventoryVerdict.Deploy, InventoryDecision.Decide(held with { LeaseUntil = Now.AddSeconds(-1) }, 7, "d7", false, "me", Now));
    }

    [Fact]
    public void The_inventory_round_trips_through_its_config_map()
    {
        var record = new InventoryRecord
        {
            Sequence = 12,
            ClaimedSequence = 13,
            Commit = "abc",
            Digest = "d",
            DeploymentId = "id",
            Status = InventoryStore.Succeeded,
            Holder = "worker \"h\"",
            LeaseUntil = Now,
            Objects = [new InventoryItem("apps/v1", "Deployment", "ns", "web", "hash")],
        };
        var configMap = InventoryStore.ToConfigMap("ns", record);
        configMap["metadata"]!["resourceVersion"] = "42";
        var back = InventoryStore.FromConfigMap(configMap);
        Assert.Equal(record with { ResourceVersion = "42" }, back with { Objects = record.Objects });
        Assert.Equal(record.Objects, back.Objects);
        Assert.Equal("kit-inventory", configMap["metadata"]!["name"]!.GetValue<string>());

        // Read as parsed (as the deployer reads it from the API), it is the same inventory.
        using var document = JsonDocument.Parse(configMap.ToJsonString());
        var parsed = InventoryStore.FromConfigMap(document.RootElement);
        Assert.Equal(back, parsed with { Objects = back.Objects });
        Assert.Equal(back.Objects, parsed.Objects);
    }
}
