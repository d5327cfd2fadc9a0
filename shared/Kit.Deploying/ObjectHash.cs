using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Deploying;

/// <summary>A short hash of the object kit sends (before its marks), to tell unchanged from configured.</summary>
public static class ObjectHash
{
    [ThreadStatic]
    static ArrayBufferWriter<byte>? buffer;

    /// <summary>
    /// The first 16 hex digits of the SHA-256 of the object's compact JSON (the bytes <c>ToJsonString()</c>
    /// gives, written straight to a buffer of the thread's own: every object of every cluster is hashed).
    /// </summary>
    public static string Of(JsonNode body)
    {
        var bytes = buffer ??= new ArrayBufferWriter<byte>(4096);
        bytes.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(bytes))
        {
            body.WriteTo(writer);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
