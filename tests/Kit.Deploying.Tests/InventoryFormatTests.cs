using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Deploying.Inventory;

namespace Kit.Deploying.Tests;

public sealed class InventoryFormatTests
{
    [Fact]
    public void An_inventory_keeps_each_objects_identity_and_hashes_but_not_what_is_derived_from_them()
    {
        var record = new InventoryRecord { Sequence = 3, Objects = [new InventoryItem("apps/v1", "Deployment", "default", "web", "0123456789abcdef", "fedcba9876543210")] };

        var objects = JsonNode.Parse(InventoryStore.ToConfigMap("default", record)["data"]!["objects"]!.GetValue<string>())!.AsArray();

        Assert.Equal(["ApiVersion", "Kind", "Namespace", "Name", "Hash", "Fields"], objects[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(record.Objects, InventoryStore.FromConfigMap(InventoryStore.ToConfigMap("default", record)).Objects);
    }

    [Fact]
    public void An_inventory_written_with_the_derived_key_and_display_still_reads()
    {
        var configMap = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = InventoryStore.Name, ["resourceVersion"] = "7" },
            ["data"] = new JsonObject
            {
                ["sequence"] = "3",
                ["objects"] = """[{"ApiVersion":"apps/v1","Kind":"Deployment","Namespace":"default","Name":"web","Hash":"0123456789abcdef","Fields":null,"Key":"apps/Deployment/default/web","Display":"Deployment default/web"}]""",
            },
        };

        var item = Assert.Single(InventoryStore.FromConfigMap(configMap).Objects);

        Assert.Equal(new InventoryItem("apps/v1", "Deployment", "default", "web", "0123456789abcdef"), item);
        Assert.Equal("apps/Deployment/default/web", item.Key);
    }

    [Fact]
    public void An_inventory_read_as_parsed_is_the_one_read_as_objects()
    {
        var record = new InventoryRecord
        {
            Sequence = 4,
            ClaimedSequence = 5,
            Commit = "abc",
            Digest = "d1",
            DeploymentId = "id",
            Status = InventoryStore.Succeeded,
            Holder = "worker \"one\"",
            LeaseUntil = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero),
            Objects = [new InventoryItem("v1", "ConfigMap", "default", "settings", "0123", "4567")],
            ResourceVersion = "42",
        };
        var configMap = InventoryStore.ToConfigMap("default", record);
        using var document = JsonDocument.Parse(configMap.ToJsonString());

        var parsed = InventoryStore.FromConfigMap(document.RootElement);

        Assert.Equal(InventoryStore.FromConfigMap(configMap) with { Objects = [] }, parsed with { Objects = [] });
        Assert.Equal(record.Objects, parsed.Objects);
        Assert.Equal(record with { Objects = [] }, parsed with { Objects = [] });
    }
}
