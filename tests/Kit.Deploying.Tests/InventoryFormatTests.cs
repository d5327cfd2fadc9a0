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
}
