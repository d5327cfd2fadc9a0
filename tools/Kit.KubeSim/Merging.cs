using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>The merges the API offers: apply merge, JSON merge patch (RFC 7386) and strategic merge patch.</summary>
static class Merging
{
    /// <summary>Merges an apply configuration into a live object: maps merge, keyed lists merge by key, the rest replaces.</summary>
    public static void ApplyInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject so && target[key] is JsonObject to)
            {
                ApplyInto(to, so);
            }
            else if (value is JsonArray sa && target[key] is JsonArray ta && FieldPaths.ListKeys(key, sa) is { } keys && FieldPaths.ListKeys(key, ta) is not null)
            {
                foreach (var item in sa.OfType<JsonObject>())
                {
                    var id = FieldPaths.ItemKey(keys, item);
                    var existing = ta.OfType<JsonObject>().FirstOrDefault(i => FieldPaths.ItemKey(keys, i) == id);
                    if (existing is null)
                    {
                        ta.Add(item.DeepClone());
                    }
                    else
                    {
                        ApplyInto(existing, item);
                    }
                }
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
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

    /// <summary>Strategic merge patch: keyed lists merge by key, $patch directives honoured, other $ keys dropped.</summary>
    public static void StrategicMerge(JsonObject target, JsonObject patch)
    {
        if (Json.Str(patch, "$patch") == "replace")
        {
            target.Clear();
            foreach (var (k, v) in patch)
            {
                if (!k.StartsWith('$'))
                {
                    target[k] = v?.DeepClone();
                }
            }

            return;
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) && value is JsonArray removals)
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list)
                {
                    foreach (var item in list.ToList().Where(i => removals.Any(r => Json.DeepEquals(r, i))))
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

                if (target[key] is not JsonObject to)
                {
                    to = new JsonObject();
                    target[key] = to;
                }

                StrategicMerge(to, po);
            }
            else if (value is JsonArray pa && FieldPaths.ListKeys(key, pa) is { } keys && target[key] is JsonArray ta)
            {
                MergeList(ta, pa, keys);
            }
            else
            {
                target[key] = StripDirectives(value.DeepClone());
            }
        }
    }

    static void MergeList(JsonArray target, JsonArray patch, string[] keys)
    {
        foreach (var item in patch.OfType<JsonObject>())
        {
            var directive = Json.Str(item, "$patch");
            if (directive == "replace")
            {
                target.Clear();
                continue;
            }

            var id = FieldPaths.ItemKey(keys, item);
            var existing = target.OfType<JsonObject>().FirstOrDefault(i => FieldPaths.ItemKey(keys, i) == id);
            if (directive == "delete")
            {
                if (existing is not null)
                {
                    target.Remove(existing);
                }
            }
            else if (existing is null)
            {
                target.Add(StripDirectives(item.DeepClone()));
            }
            else
            {
                StrategicMerge(existing, item);
            }
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
