using System.Text;
using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>
/// Field sets as structured-merge-diff builds them from a schema, each path a string of FieldsV1 elements
/// ("f:spec", "k:{\"name\":\"app\"}", "v:\"a\"") joined by a separator: struct fields by name, list-map items by
/// key, set items by value, atomic values as one leaf.
/// </summary>
static class FieldPaths
{
    public const char Separator = '\u001f';

    static readonly HashSet<string> SkippedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    public static string Join(string path, string segment) => path.Length == 0 ? segment : path + Separator + segment;

    /// <summary>Whether a top-level or metadata field is outside the fields managers own (identity, apiVersion, kind, status per scope).</summary>
    public static bool Skipped(string path, string key, FieldScope scope)
    {
        if (path.Length == 0)
        {
            return key is "apiVersion" or "kind" || scope switch
            {
                FieldScope.MainResource => key == "status",
                FieldScope.StatusSubresource => key != "status",
                _ => false,
            };
        }

        return path == "f:metadata" && SkippedMetadata.Contains(key);
    }

    /// <summary>The member paths an object sets, as ToFieldSet does.</summary>
    public static HashSet<string> Of(JsonObject obj, Schema schema, FieldScope scope)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        Collect(obj, schema, "", scope, set);
        return set;
    }

    static void Collect(JsonNode? value, Schema schema, string path, FieldScope scope, HashSet<string> set)
    {
        var shape = Shapes.Of(schema, value);
        switch (shape)
        {
            case Shape.Fields:
                foreach (var (key, child) in (JsonObject)value!)
                {
                    if (Skipped(path, key, scope))
                    {
                        continue;
                    }

                    var childPath = Join(path, "f:" + key);
                    Collect(child, Shapes.Child(schema, key), childPath, scope, set);
                    if (child is null or JsonObject { Count: 0 } || !Shapes.Declared(schema, key))
                    {
                        set.Add(childPath);
                    }
                }

                break;
            case Shape.Associative or Shape.Set:
                var item = Shapes.Item(schema);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var child in (JsonArray)value!)
                {
                    var segment = Shapes.ItemSegment(schema, shape, child) ?? throw MissingKeys(path, schema);
                    var childPath = Join(path, segment);
                    set.Add(childPath);
                    if (seen.Add(segment))
                    {
                        Collect(child, item, childPath, scope, set);
                    }
                }

                break;
            default:
                if (path.Length > 0)
                {
                    set.Add(path);
                }

                break;
        }
    }

    public static ApiException MissingKeys(string path, Schema list) =>
        ApiException.BadRequest($"{Display(path)}: associative list with keys has an element that omits all key fields [{string.Join(' ', list.ListMapKeys.Select(k => '"' + k + '"'))}]");

    /// <summary>The set with every named field above a member made a member too (EnsureNamedFieldsAreMembers).</summary>
    public static HashSet<string> WithNamedParents(IEnumerable<string> paths)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            set.Add(path);
            for (var i = path.IndexOf(Separator); i >= 0; i = path.IndexOf(Separator, i + 1))
            {
                var start = path.LastIndexOf(Separator, i - 1) + 1;
                if (string.CompareOrdinal(path, start, "f:", 0, 2) == 0)
                {
                    set.Add(path[..i]);
                }
            }
        }

        return set;
    }

    /// <summary>Removes every field and list item a set names, with all below it, as RemoveItems does; emptied maps and lists go too.</summary>
    public static void Remove(JsonObject obj, Schema schema, IReadOnlyCollection<string> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }

        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var i = path.IndexOf(Separator); i >= 0; i = path.IndexOf(Separator, i + 1))
            {
                prefixes.Add(path[..i]);
            }
        }

        RemoveFrom(obj, schema, "", paths as ISet<string> ?? paths.ToHashSet(StringComparer.Ordinal), prefixes);
    }

    static void RemoveFrom(JsonNode node, Schema schema, string path, ISet<string> paths, HashSet<string> prefixes)
    {
        var shape = Shapes.Of(schema, node);
        if (shape == Shape.Fields)
        {
            var o = (JsonObject)node;
            foreach (var key in o.Select(p => p.Key).ToList())
            {
                var childPath = Join(path, "f:" + key);
                if (paths.Contains(childPath))
                {
                    o.Remove(key);
                }
                else if (prefixes.Contains(childPath) && o[key] is { } child and (JsonObject or JsonArray))
                {
                    RemoveFrom(child, Shapes.Child(schema, key), childPath, paths, prefixes);
                    if (child is JsonObject { Count: 0 } or JsonArray { Count: 0 })
                    {
                        o.Remove(key);
                    }
                }
            }
        }
        else if (shape is Shape.Associative or Shape.Set)
        {
            var a = (JsonArray)node;
            var item = Shapes.Item(schema);
            for (var i = a.Count - 1; i >= 0; i--)
            {
                if (Shapes.ItemSegment(schema, shape, a[i]) is not { } segment)
                {
                    continue;
                }

                var childPath = Join(path, segment);
                if (paths.Contains(childPath))
                {
                    a.RemoveAt(i);
                }
                else if (prefixes.Contains(childPath) && a[i] is JsonObject child)
                {
                    RemoveFrom(child, item, childPath, paths, prefixes);
                }
            }
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
            if (key == ".")
            {
                set.Add(prefix);
                continue;
            }

            var path = Join(prefix, key);
            if (value is JsonObject { Count: > 0 } child)
            {
                Read(child, path, set);
            }
            else
            {
                set.Add(path);
            }
        }
    }

    /// <summary>FieldsV1: one nested object per element, "." marking a member that also has members below it.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            var created = true;
            foreach (var segment in path.Split(Separator))
            {
                if (!created && node.Count == 0)
                {
                    node["."] = new JsonObject();
                }

                created = !node.ContainsKey(segment);
                node = Json.Obj(node, segment);
            }

            if (node.Count > 0 && !node.ContainsKey("."))
            {
                node["."] = new JsonObject();
            }
        }

        return root;
    }

    /// <summary>".spec.template.spec.containers[name=\"app\"].image", as structured-merge-diff prints a path.</summary>
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
                var key = (JsonObject)JsonNode.Parse(segment[2..])!;
                text.Append('[').Append(string.Join(',', key.Select(p => $"{p.Key}={p.Value?.ToJsonString(Json.Options)}"))).Append(']');
            }
            else if (segment.StartsWith("v:", StringComparison.Ordinal))
            {
                text.Append("[=").Append(segment[2..]).Append(']');
            }
        }

        return text.ToString();
    }
}
