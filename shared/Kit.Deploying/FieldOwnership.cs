using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Kubernetes;

namespace Kit.Deploying;

/// <summary>
/// What a live object's <c>metadata.managedFields</c> says about drift: the hash of the fields kit applied,
/// the imperative kubectl writers (whose fields kit takes over when it heals, as Flux does), and the fields
/// those writers hold that kit's apply does not set (they go once kit owns them).
/// </summary>
static class FieldOwnership
{
    /// <summary>kubectl's imperative commands record Update entries under these names (or <c>kubectl-*</c>).</summary>
    static readonly HashSet<string> ImperativeManagers = ["kubectl", "before-first-apply"];

    const int KnownHashesKept = 4096;

    /// <summary>Kit's field hashes by the fieldsV1 text they were computed from (compared whole); cleared when full.</summary>
    static readonly ConcurrentDictionary<byte[], string> KnownHashes = new(ByteContent.Comparer);

    public static IEnumerable<JsonObject> Entries(JsonNode? live) =>
        (live?["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>();

    public static string Manager(JsonObject entry) => Text(entry, "manager") ?? "";

    /// <summary>An Update by kubectl edit, patch, set, scale, label, annotate or client-side apply; never a status write.</summary>
    public static bool IsImperative(JsonObject entry) => IsImperative(Manager(entry), Text(entry, "operation"), Text(entry, "subresource"));

    static bool IsKits(JsonObject entry) => IsKits(Manager(entry), Text(entry, "operation"), Text(entry, "subresource"));

    /// <summary>A hash of the fields kit's Apply entry owns (null when kit owns nothing), independent of key order.</summary>
    public static string? KitHash(JsonNode? live)
    {
        var entry = Entries(live).FirstOrDefault(IsKits);
        if (entry?["fieldsV1"] is not JsonObject fields)
        {
            return null;
        }

        var paths = new List<string>();
        Collect(fields, "", paths);
        return HashOf(paths);
    }

    public static IReadOnlyList<string> ImperativeWriters(JsonNode? live) =>
        Entries(live).Where(IsImperative).Select(Manager).Distinct().ToList();

    /// <summary>
    /// <see cref="KitHash(JsonNode?)"/> read from an object as parsed, without making objects of it. The objects of a
    /// fleet share few shapes (fieldsV1 names fields, not values), so the hash is kept by the fieldsV1 text it was computed from.
    /// </summary>
    public static string? KitHash(JsonElement live)
    {
        var entry = Entries(live).FirstOrDefault(IsKits);
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("fieldsV1", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = JsonMarshal.GetRawUtf8Value(fields);
        var known = KnownHashes.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (known.TryGetValue(text, out var kept))
        {
            return kept;
        }

        var paths = new List<string>();
        Collect(fields, "", paths);
        var hash = HashOf(paths);
        if (KnownHashes.Count >= KnownHashesKept)
        {
            KnownHashes.Clear();
        }

        known[text] = hash;
        return hash;
    }

    /// <summary><see cref="ImperativeWriters(JsonNode?)"/> read from a listed object as parsed.</summary>
    public static IReadOnlyList<string> ImperativeWriters(JsonElement live) =>
        Entries(live).Where(IsImperative).Select(Manager).Distinct().ToList();

    static bool IsImperative(string manager, string? operation, string? subresource) =>
        operation == "Update" && subresource != "status"
        && (ImperativeManagers.Contains(manager) || manager.StartsWith("kubectl-", StringComparison.Ordinal));

    static bool IsKits(string manager, string? operation, string? subresource) =>
        manager == Marks.FieldManager && operation == "Apply" && subresource is null;

    static string HashOf(List<string> paths)
    {
        paths.Sort(StringComparer.Ordinal);
        return ObjectHash.Of(JsonValue.Create(string.Join('\n', paths)));
    }

    static IEnumerable<JsonElement> Entries(JsonElement live) =>
        live.ValueKind == JsonValueKind.Object && live.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("managedFields", out var entries) && entries.ValueKind == JsonValueKind.Array
            ? entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    static string Manager(JsonElement entry) => Text(entry, "manager") ?? "";

    static bool IsImperative(JsonElement entry) => IsImperative(Manager(entry), Text(entry, "operation"), Text(entry, "subresource"));

    static bool IsKits(JsonElement entry) => IsKits(Manager(entry), Text(entry, "operation"), Text(entry, "subresource"));

    static string? Text(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static void Collect(JsonElement fields, string path, List<string> paths)
    {
        foreach (var property in fields.EnumerateObject())
        {
            if (property.Name == ".")
            {
                continue;
            }

            var childPath = path + "/" + property.Name;
            paths.Add(childPath);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Collect(property.Value, childPath, paths);
            }
        }
    }

    /// <summary>
    /// The managedFields with every imperative entry's fields moved into kit's Apply entry, so that kit's next
    /// forced apply removes what they added and takes back what they changed.
    /// </summary>
    public static JsonArray TakeOver(JsonNode live)
    {
        var entries = Entries(live).ToList();
        var kit = entries.FirstOrDefault(IsKits)?.DeepClone().AsObject() ?? new JsonObject
        {
            ["manager"] = Marks.FieldManager,
            ["operation"] = "Apply",
            ["apiVersion"] = live["apiVersion"]?.DeepClone(),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        };
        var fields = kit["fieldsV1"] as JsonObject ?? [];
        kit["fieldsV1"] = fields;
        var result = new JsonArray();
        foreach (var entry in entries)
        {
            if (IsImperative(entry))
            {
                Merge(fields, entry["fieldsV1"] as JsonObject ?? []);
            }
            else if (!IsKits(entry))
            {
                result.Add(entry.DeepClone());
            }
        }

        result.Add(kit);
        return result;
    }

    /// <summary>The managers that hold fields kit's apply would take back (fields kit owns in <paramref name="result"/> but not in <paramref name="live"/>).</summary>
    public static IReadOnlyList<string> Regained(JsonNode live, JsonNode result)
    {
        var before = new HashSet<string>(StringComparer.Ordinal);
        var after = new HashSet<string>(StringComparer.Ordinal);
        Collect(Entries(live).FirstOrDefault(IsKits)?["fieldsV1"] as JsonObject ?? [], "", before);
        Collect(Entries(result).FirstOrDefault(IsKits)?["fieldsV1"] as JsonObject ?? [], "", after);
        after.ExceptWith(before);
        var managers = new List<string>();
        foreach (var entry in Entries(live).Where(e => !IsKits(e) && Text(e, "subresource") != "status"))
        {
            var owned = new HashSet<string>(StringComparer.Ordinal);
            Collect(entry["fieldsV1"] as JsonObject ?? [], "", owned);
            if (owned.Overlaps(after))
            {
                managers.Add(Manager(entry));
            }
        }

        return managers;
    }

    /// <summary>
    /// Fields imperative writers hold that kit's <paramref name="applied"/> body does not set and no other
    /// writer holds: kit's forced apply after the take-over removes them. Each as <c>path: live -> (none)</c>.
    /// </summary>
    public static IReadOnlyList<string> Removed(JsonNode live, JsonNode applied, bool secret, IReadOnlyCollection<string>? externalEnv)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(live).Where(e => !IsImperative(e) && !IsKits(e) && Text(e, "subresource") != "status"))
        {
            Collect(entry["fieldsV1"] as JsonObject ?? [], "", kept);
        }

        var result = new List<string>();
        foreach (var entry in Entries(live).Where(IsImperative))
        {
            FindRemoved(entry["fieldsV1"] as JsonObject ?? [], "", "", live, applied, kept, secret, externalEnv ?? [], result);
        }

        return result.Distinct().ToList();
    }

    static void FindRemoved(
        JsonObject fields, string path, string shown, JsonNode? live, JsonNode? applied, HashSet<string> kept,
        bool secret, IReadOnlyCollection<string> externalEnv, List<string> result)
    {
        foreach (var (segment, below) in fields)
        {
            if (segment == ".")
            {
                continue;
            }

            var childPath = path + "/" + segment;
            var childShown = Shown(shown, segment);
            var liveChild = Step(live, segment);
            var appliedChild = Step(applied, segment);
            var members = below is JsonObject inner && inner.Any(p => p.Key != ".");
            if (appliedChild is null && !(segment.StartsWith("f:", StringComparison.Ordinal) && members))
            {
                // A list item goes whole; a struct or map is named by the members that go.
                if (!kept.Contains(childPath) && liveChild is not null && childPath != "/f:metadata")
                {
                    var hide = secret || externalEnv.Any(name => segment.Contains($"\"name\":\"{name}\"", StringComparison.Ordinal) || childShown.Contains($"[name={name}]", StringComparison.Ordinal));
                    result.Add($"{childShown}: {(hide ? LiveDiff.Redacted : liveChild.ToJsonString())} -> (none)");
                }

                continue;
            }

            if (members)
            {
                FindRemoved((JsonObject)below!, childPath, childShown, liveChild, appliedChild, kept, secret, externalEnv, result);
            }
        }
    }

    /// <summary>One FieldsV1 element applied to a JSON value: f: a member, k: a keyed list item, v: a set item, i: an index.</summary>
    static JsonNode? Step(JsonNode? node, string segment)
    {
        var value = segment.Length > 2 ? segment[2..] : "";
        switch (segment[..Math.Min(2, segment.Length)])
        {
            case "f:":
                return (node as JsonObject)?[value];
            case "k:":
                if (node is not JsonArray items || JsonNode.Parse(value) is not JsonObject key)
                {
                    return null;
                }

                return items.FirstOrDefault(i => i is JsonObject item && key.All(k => item[k.Key]?.ToString() == k.Value?.ToString()));
            case "v:":
                var wanted = JsonNode.Parse(value);
                return (node as JsonArray)?.FirstOrDefault(i => JsonNode.DeepEquals(i, wanted));
            case "i:":
                return node is JsonArray list && int.TryParse(value, out var index) && index >= 0 && index < list.Count ? list[index] : null;
            default:
                return null;
        }
    }

    static string Shown(string path, string segment)
    {
        var value = segment.Length > 2 ? segment[2..] : segment;
        return segment[..Math.Min(2, segment.Length)] switch
        {
            "f:" => path.Length == 0 ? value : $"{path}.{value}",
            "k:" when JsonNode.Parse(value) is JsonObject key => $"{path}[{string.Join(",", key.Select(k => $"{k.Key}={k.Value}"))}]",
            _ => $"{path}[{value}]",
        };
    }

    static void Collect(JsonObject fields, string path, ICollection<string> paths)
    {
        foreach (var (segment, below) in fields)
        {
            if (segment == ".")
            {
                continue;
            }

            var childPath = path + "/" + segment;
            paths.Add(childPath);
            if (below is JsonObject deeper)
            {
                Collect(deeper, childPath, paths);
            }
        }
    }

    static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (into[key] is JsonObject existing && value is JsonObject more)
            {
                Merge(existing, more);
            }
            else if (into[key] is null)
            {
                into[key] = value?.DeepClone() ?? new JsonObject();
            }
        }
    }

    static string? Text(JsonObject entry, string key) => entry[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
