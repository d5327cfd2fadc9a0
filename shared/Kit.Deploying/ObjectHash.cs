using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>A short hash of the object kit sends (before its marks), to tell unchanged from configured.</summary>
public static class ObjectHash
{
    /// <summary>
    /// The hashes of parsed objects by body and namespace. Bodies are read-only and shared by every set parsed from
    /// one text (<see cref="ManifestObject.Body"/>), so an object is hashed once for all the clusters it goes to,
    /// not at each check, apply and reconcile of each.
    /// </summary>
    static readonly ConditionalWeakTable<JsonObject, ConcurrentDictionary<string, string>> Known = [];

    [ThreadStatic]
    static ArrayBufferWriter<byte>? buffer;

    /// <summary>
    /// The first 16 hex digits of the SHA-256 of the object's compact JSON (the bytes <c>ToJsonString()</c>
    /// gives, written straight to a buffer of the thread's own: every object of every cluster is hashed).
    /// </summary>
    public static string Of(JsonNode body) => Hash(writer => body.WriteTo(writer));

    /// <summary>
    /// The hash of <paramref name="item"/>'s body as kit sends it, <c>metadata.namespace</c> set to
    /// <paramref name="namespace"/> (or removed when null): the digits <see cref="Of(JsonNode)"/> gives for that
    /// copy, written from the body itself without making the copy.
    /// </summary>
    public static string Of(ManifestObject item, string? @namespace)
    {
        var known = Known.GetValue(item.Body, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
        // "/" is no namespace name, so it stands for none.
        var key = @namespace ?? "/";
        if (!known.TryGetValue(key, out var hash))
        {
            hash = Hash(writer => WriteInNamespace(writer, item.Body, @namespace));
            known[key] = hash;
        }

        return hash;
    }

    static string Hash(Action<Utf8JsonWriter> write)
    {
        var bytes = buffer ??= new ArrayBufferWriter<byte>(4096);
        bytes.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(bytes))
        {
            write(writer);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>What the body's copy with its namespace replaced in place (or appended, or removed) writes.</summary>
    static void WriteInNamespace(Utf8JsonWriter writer, JsonObject body, string? @namespace)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in body)
        {
            writer.WritePropertyName(key);
            if (key == "metadata" && value is JsonObject metadata)
            {
                writer.WriteStartObject();
                var written = false;
                foreach (var (name, field) in metadata)
                {
                    if (name == "namespace")
                    {
                        written = true;
                        if (@namespace is not null)
                        {
                            writer.WriteString(name, @namespace);
                        }

                        continue;
                    }

                    writer.WritePropertyName(name);
                    Write(writer, field);
                }

                if (!written && @namespace is not null)
                {
                    writer.WriteString("namespace", @namespace);
                }

                writer.WriteEndObject();
            }
            else
            {
                Write(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
