using System.Text;
using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>
/// Leaf field paths in the notation of managedFields FieldsV1 ("f:spec", "k:{\"name\":\"app\"}", "."),
/// joined by a separator; lists with a merge key are associative, every other list is atomic.
/// </summary>
static class FieldPaths
{
    public const char Separator = '\u001f';

    static readonly HashSet<string> SkippedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>The merge keys of the associative lists kit's kinds use; the rest are atomic.</summary>
    public static string[]? ListKeys(string field, JsonArray list)
    {
        var first = list.OfType<JsonObject>().FirstOrDefault();
        if (first is null || list.Any(i => i is not JsonObject))
        {
            return null;
        }

        return field switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" => ["name"],
            "volumeMounts" => ["mountPath"],
            "volumeDevices" => ["devicePath"],
            "ownerReferences" => ["uid"],
            "conditions" => ["type"],
            "ports" when first.ContainsKey("containerPort") => ["containerPort", "protocol"],
            "ports" when first.ContainsKey("port") => ["port", "protocol"],
            "topologySpreadConstraints" => ["topologyKey", "whenUnsatisfiable"],
            _ => null,
        };
    }

    public static string ItemKey(string[] keys, JsonObject item)
    {
        var key = new JsonObject();
        foreach (var k in keys.Order(StringComparer.Ordinal))
        {
            var value = item[k]?.DeepClone();
            if (value is null && k == "protocol")
            {
                value = "TCP";
            }

            key[k] = value;
        }

        return "k:" + key.ToJsonString(Json.Options);
    }

    /// <summary>The leaf paths an object sets (apiVersion, kind, identity metadata and status left out).</summary>
    public static HashSet<string> Of(JsonObject obj)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" or "status" || value is null)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (mk, mv) in metadata)
                {
                    if (!SkippedMetadata.Contains(mk) && mv is not null)
                    {
                        Collect(mk, mv, "f:metadata" + Separator + "f:" + mk, set);
                    }
                }

                continue;
            }

            Collect(key, value, "f:" + key, set);
        }

        return set;
    }

    static void Collect(string field, JsonNode value, string path, HashSet<string> set)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (k, v) in o)
                {
                    if (v is not null)
                    {
                        Collect(k, v, path + Separator + "f:" + k, set);
                    }
                }

                break;
            case JsonArray a when a.Count > 0 && ListKeys(field, a) is { } keys:
                foreach (var item in a.OfType<JsonObject>())
                {
                    var itemPath = path + Separator + ItemKey(keys, item);
                    set.Add(itemPath + Separator + ".");
                    foreach (var (k, v) in item)
                    {
                        if (v is not null)
                        {
                            Collect(k, v, itemPath + Separator + "f:" + k, set);
                        }
                    }
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    public static HashSet<string> FromFieldsV1(JsonObject? fields)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (fields is not null)
        {
            Read(fields, "", set);
        }

        return set;
    }

    static void Read(JsonObject node, string prefix, HashSet<string> set)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix.Length == 0 ? key : prefix + Separator + key;
            if (value is JsonObject child && child.Count > 0)
            {
                Read(child, path, set);
            }
            else
            {
                set.Add(path);
            }
        }
    }

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var segment in path.Split(Separator))
            {
                node = Json.Obj(node, segment);
            }
        }

        return root;
    }

    /// <summary>Finds the value at a path; found is false when any step is missing.</summary>
    public static (bool Found, JsonNode? Value) At(JsonObject obj, string path)
    {
        JsonNode? current = obj;
        string? field = null;
        foreach (var segment in path.Split(Separator))
        {
            if (segment == ".")
            {
                return (true, current);
            }

            if (segment.StartsWith("f:", StringComparison.Ordinal))
            {
                field = segment[2..];
                if (current is not JsonObject o || !o.TryGetPropertyValue(field, out current))
                {
                    return (false, null);
                }
            }
            else if (segment.StartsWith("k:", StringComparison.Ordinal))
            {
                if (current is not JsonArray a || ListKeys(field ?? "", a) is not { } keys)
                {
                    return (false, null);
                }

                current = a.OfType<JsonObject>().FirstOrDefault(i => ItemKey(keys, i) == segment);
                if (current is null)
                {
                    return (false, null);
                }
            }
            else
            {
                return (false, null);
            }
        }

        return (true, current);
    }

    /// <summary>Removes the field or list item a path names, if present.</summary>
    public static void Remove(JsonObject obj, string path)
    {
        var segments = path.Split(Separator);
        var last = segments[^1];
        var parentSegments = last == "." ? segments[..^2] : segments[..^1];
        var target = last == "." ? segments[^2] : last;
        var parentPath = string.Join(Separator, parentSegments);
        var (found, parent) = parentSegments.Length == 0 ? (true, obj) : At(obj, parentPath);
        if (!found)
        {
            return;
        }

        if (target.StartsWith("f:", StringComparison.Ordinal) && parent is JsonObject po)
        {
            po.Remove(target[2..]);
        }
        else if (target.StartsWith("k:", StringComparison.Ordinal) && parent is JsonArray pa)
        {
            var field = parentSegments.Length > 0 ? parentSegments[^1][2..] : "";
            if (ListKeys(field, pa) is { } keys)
            {
                var item = pa.OfType<JsonObject>().FirstOrDefault(i => ItemKey(keys, i) == target);
                if (item is not null)
                {
                    pa.Remove(item);
                }
            }
        }
    }

    /// <summary>".spec.template.spec.containers[name=\"app\"].image", as kube-apiserver names fields in conflicts.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var segment in path.Split(Separator))
        {
            if (segment.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(segment[2..]);
            }
            else if (segment.StartsWith("k:", StringComparison.Ordinal))
            {
                var key = JsonNode.Parse(segment[2..]) as JsonObject;
                text.Append('[').Append(string.Join(',', key!.Select(p => $"{p.Key}={p.Value?.ToJsonString()}"))).Append(']');
            }
        }

        return text.ToString();
    }
}
