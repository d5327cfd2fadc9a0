using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.Deploying;

/// <summary>A short hash of the object kit sends (before its marks), to tell unchanged from configured.</summary>
public static class ObjectHash
{
    public static string Of(JsonNode body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())))[..16];
}
