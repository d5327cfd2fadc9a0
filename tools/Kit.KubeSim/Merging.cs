using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>The merges the API offers: apply merge, JSON merge patch (RFC 7386) and strategic merge patch.</summary>
static class Merging
{
    /// <summary>
    /// Merges an apply configuration into a live object as structured-merge-diff does: granular maps per key,
    /// list-map items by key and set items by value (live-only items keep their place, the configuration's
    /// items its order), atomic values replaced.
    /// </summary>
    public static void ApplyInto(JsonObject target, JsonObject source, Schema schema)
    {
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            var child = Shapes.Child(schema, key);
            var shape = Shapes.Of(child, value);
            if (shape != Shape.Leaf && target[key] is { } existing && Shapes.Of(child, existing) == shape)
            {
                if (shape == Shape.Fields)
                {
                    ApplyInto((JsonObject)existing, (JsonObject)value, child);
                }
                else
                {
                    ApplyList((JsonArray)existing, (JsonArray)value, child, shape);
                }
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    static void ApplyList(JsonArray target, JsonArray source, Schema schema, Shape shape)
    {
        var item = Shapes.Item(schema);
        var live = Items(target, schema, shape, config: false);
        var config = Items(source, schema, shape, config: true);
        var liveByKey = live.GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var configKeys = config.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var shared = new Queue<string>(config.Select(i => i.Key).Where(liveByKey.ContainsKey));
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var liveKeys = live.Select(i => i.Key).Distinct(StringComparer.Ordinal).ToList();
        target.Clear();

        JsonNode? Merge(string key, JsonNode? from)
        {
            merged.Add(key);
            if (shared.TryPeek(out var next) && next == key)
            {
                shared.Dequeue();
            }

            if (liveByKey.GetValueOrDefault(key) is JsonObject l && from is JsonObject r)
            {
                ApplyInto(l, r, item);
                return l;
            }

            return from?.DeepClone();
        }

        int li = 0, ri = 0;
        while (li < liveKeys.Count || ri < config.Count)
        {
            if (li < liveKeys.Count && ri < config.Count)
            {
                if (liveKeys[li] == config[ri].Key)
                {
                    target.Add(Merge(config[ri].Key, config[ri].Value));
                    li++;
                    ri++;
                    continue;
                }

                // A live item the configuration moves waits for its place in the configuration's order.
                if (configKeys.Contains(liveKeys[li]) && shared.TryPeek(out var next) && next != liveKeys[li])
                {
                    li++;
                    continue;
                }
            }

            if (li < liveKeys.Count)
            {
                if (!configKeys.Contains(liveKeys[li]))
                {
                    target.Add(liveByKey[liveKeys[li]]);
                    li++;
                    continue;
                }

                if (merged.Contains(liveKeys[li]))
                {
                    li++;
                }
            }

            if (ri < config.Count)
            {
                target.Add(Merge(config[ri].Key, config[ri].Value));
                ri++;
            }
        }
    }

    static List<(string Key, JsonNode? Value)> Items(JsonArray list, Schema schema, Shape shape, bool config)
    {
        var items = new List<(string, JsonNode?)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var key = Shapes.ItemSegment(schema, shape, list[i]) ?? (config ? throw FieldPaths.MissingKeys("", schema) : "i:" + i);
            items.Add((key, list[i]));
        }

        return items;
    }

    /// <summary>RFC 7386: null deletes, objects merge, everything else replaces.</summary>
    public static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject po)
            {
                if (target[key] is not JsonObject to)
                {
                    to = new JsonObject();
                    target[key] = to;
                }

                MergePatch(to, po);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary>
    /// Strategic merge patch as kube-apiserver applies it, driven by the schema's patch strategy and merge key:
    /// maps merge (null deletes), lists whose strategy is merge merge by their merge key (primitives by value),
    /// other lists are replaced; $patch replace|delete|merge, $retainKeys, $setElementOrder/ and
    /// $deleteFromPrimitiveList/ are honoured.
    /// </summary>
    public static void StrategicMerge(JsonObject target, JsonObject patch, Schema schema)
    {
        var directive = Json.Str(patch, "$patch");
        if (directive == "replace")
        {
            target.Clear();
            foreach (var (k, v) in patch)
            {
                if (!k.StartsWith('$'))
                {
                    target[k] = StripDirectives(v?.DeepClone());
                }
            }

            return;
        }

        if (directive is not (null or "merge"))
        {
            throw ApiException.BadRequest($"Unknown patch type: {directive}");
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var kept = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).Where(k => !kept.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                if (value is JsonArray removals && target[key["$deleteFromPrimitiveList/".Length..]] is JsonArray list)
                {
                    foreach (var item in list.Where(i => removals.Any(r => Json.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (key.StartsWith('$'))
            {
                continue;
            }

            var child = Shapes.Child(schema, key);
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject po)
            {
                if (Json.Str(po, "$patch") == "delete")
                {
                    target.Remove(key);
                    continue;
                }

                if (target[key] is not JsonObject to || child.MapType == "atomic")
                {
                    to = new JsonObject();
                    target[key] = to;
                }

                StrategicMerge(to, po, child);
            }
            else if (value is JsonArray pa && IsMergeList(child))
            {
                if (target[key] is not JsonArray ta)
                {
                    ta = [];
                    target[key] = ta;
                }

                MergeList(ta, pa, child);
            }
            else
            {
                target[key] = StripDirectives(value.DeepClone());
            }
        }

        foreach (var (key, value) in patch.Where(p => p.Key.StartsWith("$setElementOrder/", StringComparison.Ordinal)).ToList())
        {
            var field = key["$setElementOrder/".Length..];
            if (value is JsonArray order && target[field] is JsonArray list)
            {
                Reorder(list, order, Shapes.Child(schema, field).PatchMergeKey);
            }
        }

        foreach (var (key, value) in target.ToList())
        {
            if (value is JsonArray { Count: 0 } && patch[key] is JsonArray { Count: > 0 } && IsMergeList(Shapes.Child(schema, key)))
            {
                target.Remove(key);
            }
        }
    }

    static bool IsMergeList(Schema schema) =>
        schema.Type == SchemaType.List && (schema.PatchStrategy?.Split(',').Contains("merge") ?? false);

    static void MergeList(JsonArray target, JsonArray patch, Schema schema)
    {
        var mergeKey = schema.PatchMergeKey;
        var item = Shapes.Item(schema);
        if (patch.OfType<JsonObject>().Any(i => Json.Str(i, "$patch") == "replace"))
        {
            target.Clear();
            foreach (var i in patch.Where(i => i is not JsonObject o || Json.Str(o, "$patch") is null))
            {
                target.Add(StripDirectives(i?.DeepClone()));
            }

            return;
        }

        foreach (var patchItem in patch)
        {
            if (patchItem is not JsonObject po || mergeKey is null)
            {
                if (!target.Any(t => Json.DeepEquals(t, patchItem)))
                {
                    target.Add(patchItem?.DeepClone());
                }

                continue;
            }

            if (!po.TryGetPropertyValue(mergeKey, out var id))
            {
                throw ApiException.BadRequest($"map: {po.ToJsonString(Json.Options)} does not contain declared merge key: {mergeKey}");
            }

            var existing = target.OfType<JsonObject>().FirstOrDefault(t => Json.DeepEquals(t[mergeKey], id));
            if (Json.Str(po, "$patch") == "delete")
            {
                foreach (var gone in target.OfType<JsonObject>().Where(t => Json.DeepEquals(t[mergeKey], id)).ToList())
                {
                    target.Remove(gone);
                }
            }
            else if (existing is null)
            {
                target.Add(StripDirectives(po.DeepClone()));
            }
            else
            {
                StrategicMerge(existing, po, item);
            }
        }
    }

    /// <summary>$setElementOrder: the listed items in the listed order, items only the server has after them.</summary>
    static void Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        var items = list.ToList();
        list.Clear();
        var placed = new HashSet<JsonNode?>(ReferenceEqualityComparer.Instance);
        foreach (var wanted in order)
        {
            var id = mergeKey is not null && wanted is JsonObject w ? w[mergeKey] : wanted;
            var match = items.FirstOrDefault(i => !placed.Contains(i) && Json.DeepEquals(mergeKey is not null && i is JsonObject o ? o[mergeKey] : i, id));
            if (match is not null)
            {
                placed.Add(match);
                list.Add(match);
            }
        }

        foreach (var rest in items.Where(i => !placed.Contains(i)))
        {
            list.Add(rest);
        }
    }

    static JsonNode? StripDirectives(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).Where(k => k.StartsWith('$')).ToList())
            {
                o.Remove(key);
            }

            foreach (var (_, v) in o)
            {
                StripDirectives(v);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a)
            {
                StripDirectives(v);
            }
        }

        return node;
    }

    /// <summary>RFC 6902 JSON patch: add, remove, replace, test, copy, move.</summary>
    public static JsonObject JsonPatch(JsonObject target, JsonArray operations)
    {
        JsonNode root = target;
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = Json.Str(op, "op");
            var path = Json.Str(op, "path") ?? throw ApiException.BadRequest("json patch operation without a path");
            switch (kind)
            {
                case "add":
                    Set(root, path, op["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    Get(root, path);
                    Set(root, path, op["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Delete(root, path);
                    break;
                case "test":
                    if (!Json.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                case "copy":
                    Set(root, path, Get(root, Json.Str(op, "from") ?? "")?.DeepClone(), insert: true);
                    break;
                case "move":
                    var from = Json.Str(op, "from") ?? "";
                    var moved = Get(root, from)?.DeepClone();
                    Delete(root, from);
                    Set(root, path, moved, insert: true);
                    break;
                default:
                    throw ApiException.BadRequest($"unexpected json patch operation \"{kind}\"");
            }
        }

        return target;
    }

    static string[] Pointer(string path) =>
        path.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? current = root;
        foreach (var part in Pointer(path))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var v) => v,
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: path {path} does not exist"),
            };
        }

        return current;
    }

    static void Set(JsonNode root, string path, JsonNode? value, bool insert)
    {
        var parts = Pointer(path);
        var parent = Get(root, "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal))));
        if (parts.Length == 1)
        {
            parent = root;
        }

        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: path {path} does not exist");
        }
    }

    static void Delete(JsonNode root, string path)
    {
        var parts = Pointer(path);
        var parent = parts.Length == 1 ? root : Get(root, "/" + string.Join('/', parts[..^1]));
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(parts[^1]):
                o.Remove(parts[^1]);
                break;
            case JsonArray a when int.TryParse(parts[^1], out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: path {path} does not exist");
        }
    }
}
