using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

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
}
