using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>JSON helpers: compact serialization, order-insensitive equality, path access.</summary>
static class Json
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Bytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);

    public static JsonObject Parse(ReadOnlySpan<byte> bytes) =>
        JsonNode.Parse(bytes) as JsonObject ?? throw ApiException.BadRequest("the body must be a JSON object");

    /// <summary>Parses a request body as the API server's decoder does: a key given twice keeps its last value.</summary>
    public static JsonNode? ParseLastWins(string text)
    {
        using var document = JsonDocument.Parse(text);
        return Node(document.RootElement);

        static JsonNode? Node(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => e.EnumerateObject().Aggregate(new JsonObject(), (o, p) =>
            {
                o[p.Name] = Node(p.Value);
                return o;
            }),
            JsonValueKind.Array => new JsonArray([.. e.EnumerateArray().Select(Node)]),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(e.Clone()),
        };
    }

    /// <summary>The current second as the API server writes timestamps (RFC 3339, whole seconds); formatted once per second.</summary>
    public static string Now()
    {
        var second = DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond;
        var last = lastNow;
        if (last.Second != second)
        {
            last = new Timestamp(second, new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            lastNow = last;
        }

        return last.Text;
    }

    sealed record Timestamp(long Second, string Text);

    static volatile Timestamp lastNow = new(0, "");

    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va when b is JsonValue vb:
                return JsonNode.DeepEquals(va, vb);
            default:
                return false;
        }
    }

    public static string? Str(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var part in path)
        {
            current = (current as JsonObject)?[part];
        }

        return current is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    public static long? Int(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var part in path)
        {
            current = (current as JsonObject)?[part];
        }

        if (current is JsonValue v)
        {
            if (v.TryGetValue<long>(out var l))
            {
                return l;
            }

            if (v.TryGetValue<int>(out var i))
            {
                return i;
            }

            if (v.TryGetValue<double>(out var d))
            {
                return (long)d;
            }

            if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el))
            {
                return el;
            }
        }

        return null;
    }

    public static JsonObject Obj(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    public static JsonObject Metadata(JsonObject obj) => Obj(obj, "metadata");

    /// <summary>
    /// The value as Go decodes it into a typed struct: nulls and empty maps or lists dropped (a field left out),
    /// object keys sorted, so that equal objects compare and hash alike whoever wrote them.
    /// </summary>
    public static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Canonical(value) is { } kept)
                    {
                        result[key] = kept;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray([.. array.Select(i => Canonical(i) ?? new JsonObject())]);
            default:
                return node?.DeepClone();
        }
    }
}
