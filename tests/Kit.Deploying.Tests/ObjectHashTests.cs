using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying.Tests;

public sealed class ObjectHashTests
{
    /// <summary>Inventories hold hashes: a new way of computing one must give the same digits, or every object looks changed.</summary>
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default"},"data":{"k":"v"}}""")]
    [InlineData("""{"kind":"Secret","data":{"x":"<&>'\"","y":"é ü 日本 \u0001"},"n":[1,2.5,-3e10,true,null]}""")]
    [InlineData("\"a plain string\\nwith a line\"")]
    public void A_hash_is_the_sha256_of_the_compact_json_as_ToJsonString_writes_it(string json)
    {
        var node = JsonNode.Parse(json)!;
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())))[..16];

        Assert.Equal(expected, ObjectHash.Of(node));
        Assert.Equal(expected, ObjectHash.Of(node));
    }

    [Fact]
    public void A_large_object_after_a_small_one_is_hashed_whole()
    {
        var small = JsonNode.Parse("""{"a":1}""")!;
        var large = new JsonObject { ["data"] = new string('x', 100_000) };
        ObjectHash.Of(small);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(large.ToJsonString())))[..16], ObjectHash.Of(large));
        Assert.NotEqual(ObjectHash.Of(small), ObjectHash.Of(large));
    }

    /// <summary>An object is hashed as kit sends it, in its namespace: written from the manifest itself, it must give the digits its copy gives.</summary>
    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}}""", "team")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"written","labels":{"x":"é"}},"data":{"k":"<&>"}}""", "team")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"namespace":"written","name":"a"},"data":null}""", null)]
    [InlineData("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"r"},"rules":[{"verbs":["get"]}]}""", null)]
    public void An_object_in_a_namespace_is_hashed_as_its_copy_with_that_namespace(string json, string? ns)
    {
        foreach (var body in new[] { JsonNode.Parse(json)!.AsObject(), ManifestParser.Parse([new RenderedManifest { FileName = "a.yaml", Content = json }])[0].Body })
        {
            var before = body.ToJsonString();
            var copy = body.DeepClone().AsObject();
            if (ns is null)
            {
                copy["metadata"]!.AsObject().Remove("namespace");
            }
            else
            {
                copy["metadata"]!["namespace"] = ns;
            }

            var item = new ManifestObject(body, "a.yaml", 1);
            Assert.Equal(ObjectHash.Of(copy), ObjectHash.Of(item, ns));
            Assert.Equal(ObjectHash.Of(copy), ObjectHash.Of(item, ns));
            Assert.Equal(before, body.ToJsonString());
        }
    }

    [Fact]
    public void The_same_object_in_another_namespace_has_another_hash()
    {
        var item = new ManifestObject(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}""")!.AsObject(), "a.yaml", 1);

        var first = ObjectHash.Of(item, "one");

        Assert.NotEqual(first, ObjectHash.Of(item, "two"));
        Assert.Equal(first, ObjectHash.Of(item, "one"));
    }

    [Fact]
    public void An_object_is_hashed_once_per_namespace_for_every_set_that_shares_it()
    {
        // A text of this test's own: the parsed objects of a text are shared process-wide.
        var json = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"{{{Guid.NewGuid():N}}}"}}""";
        var first = ManifestParser.Parse([new RenderedManifest { FileName = "a.yaml", Content = json }])[0];
        var second = ManifestParser.Parse([new RenderedManifest { FileName = "b.yaml", Content = json }])[0];
        var one = ObjectHash.Of(first, "one");
        var two = ObjectHash.Of(ManifestParser.Parse([new RenderedManifest { FileName = "c.yaml", Content = json }])[0], "two");

        // Bodies are read-only: one changed anyway keeps the hashes it was given, in every set that shares it.
        first.Body["data"]!["k"] = "changed";

        Assert.Equal(one, ObjectHash.Of(second, "one"));
        Assert.Equal(two, ObjectHash.Of(second, "two"));
        Assert.NotEqual(one, two);
        Assert.NotEqual(one, ObjectHash.Of(new ManifestObject(first.Body.DeepClone().AsObject(), "a.yaml", 1), "one"));
    }
}
