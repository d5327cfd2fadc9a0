using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Deploying.Tests;

/// <summary>What a listed object's managedFields say, read as parsed (the live check) and as objects (elsewhere): the same answers.</summary>
public sealed class FieldOwnershipTests
{
    const string Mixed = """
        {"metadata":{"name":"web","managedFields":[
          {"manager":"kube-controller-manager","operation":"Update","subresource":"status","fieldsV1":{"f:status":{".":{},"f:replicas":{}}}},
          {"manager":"kit","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}}},
          {"manager":"kubectl-edit","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}},
          {"manager":"kubectl","operation":"Update","fieldsV1":{}},
          {"manager":"kubectl-edit","operation":"Update","fieldsV1":{}},
          {"manager":"kubectl-scale","operation":"Update","subresource":"status"},
          "not an entry"
        ]}}
        """;

    public static TheoryData<string> Objects =>
    [
        """{"metadata":{"name":"web"}}""",
        """{"metadata":{"name":"web","managedFields":[]}}""",
        Mixed,
        """{"metadata":{"name":"web","managedFields":[{"manager":"kit","operation":"Apply","fieldsV1":"not fields"},{"manager":"kit","operation":"Apply","fieldsV1":{"f:data":{}}}]}}""",
        """{"metadata":{"name":"web","managedFields":[{"manager":"kit","operation":"Apply","subresource":"scale","fieldsV1":{"f:spec":{}}},{"manager":"before-first-apply","operation":"Update","fieldsV1":{"f:data":{"f:é \u0022x\u0022":{}}}}]}}""",
        """{"metadata":{"name":"web","managedFields":[{"manager":"kit","operation":"Apply","fieldsV1":{"f:data":{"f:é \u0022x\u0022":{},"f:a.b":{},"f:a":{"f:b":{}}}}}]}}""",
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void A_listed_object_read_as_parsed_gives_what_it_gives_as_objects(string json)
    {
        using var document = JsonDocument.Parse(json);
        var node = JsonNode.Parse(json);

        Assert.Equal(FieldOwnership.KitHash(node), FieldOwnership.KitHash(document.RootElement));
        Assert.Equal(FieldOwnership.ImperativeWriters(node), FieldOwnership.ImperativeWriters(document.RootElement));
    }

    [Fact]
    public void Kits_fields_and_imperative_writers_are_found()
    {
        using var document = JsonDocument.Parse(Mixed);

        Assert.NotNull(FieldOwnership.KitHash(document.RootElement));
        Assert.Equal(["kubectl-edit", "kubectl"], FieldOwnership.ImperativeWriters(document.RootElement));
    }

    [Fact]
    public void A_kept_field_hash_answers_only_the_very_same_fields()
    {
        static string Object(string fields) => """{"metadata":{"managedFields":[{"manager":"kit","operation":"Apply","fieldsV1":""" + fields + "}]}}";
        var first = Object("""{"f:spec":{"f:replicas":{},"f:paused":{}}}""");
        var reordered = Object("""{"f:spec":{"f:paused":{},"f:replicas":{}}}""");
        var other = Object("""{"f:spec":{"f:replicas":{}}}""");
        string? Hash(string json)
        {
            using var document = JsonDocument.Parse(json);
            var hash = FieldOwnership.KitHash(document.RootElement);
            Assert.Equal(FieldOwnership.KitHash(JsonNode.Parse(json)), hash);
            return hash;
        }

        var once = Hash(first);
        var otherHash = Hash(other);

        Assert.Equal(once, Hash(first));
        Assert.Equal(once, Hash(reordered));
        Assert.NotEqual(once, otherHash);
        Assert.Equal(otherHash, Hash(other));
    }
}
