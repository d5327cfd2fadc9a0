using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>The paths a write added, removed and modified, compared per schema as structured-merge-diff does.</summary>
sealed class FieldComparison
{
    public HashSet<string> Added { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Modified { get; } = new(StringComparer.Ordinal);

    public bool Changed => Added.Count + Removed.Count + Modified.Count > 0;

    public static FieldComparison Of(JsonObject? before, JsonObject after, Schema schema, FieldScope scope)
    {
        var comparison = new FieldComparison();
        comparison.Compare(before ?? [], true, after, true, schema, "", scope);
        return comparison;
    }

    void Compare(JsonNode? left, bool hasLeft, JsonNode? right, bool hasRight, Schema schema, string path, FieldScope scope)
    {
        var shape = hasRight ? Shapes.Of(schema, right) : Shapes.Of(schema, left);
        var bothEmpty = IsEmpty(left) && IsEmpty(right);
        if (shape == Shape.Leaf || bothEmpty || (hasLeft && hasRight && Shapes.Of(schema, left) != shape))
        {
            if (!hasLeft)
            {
                Added.Add(path);
            }
            else if (!hasRight)
            {
                Removed.Add(path);
            }
            else if (!Json.DeepEquals(left, right))
            {
                Modified.Add(path);
            }

            return;
        }

        if (shape == Shape.Fields)
        {
            var l = hasLeft ? (JsonObject)left! : null;
            var r = hasRight ? (JsonObject)right! : null;
            foreach (var (key, lv) in l ?? [])
            {
                if (!FieldPaths.Skipped(path, key, scope))
                {
                    var has = r is not null && r.TryGetPropertyValue(key, out _);
                    Compare(lv, true, has ? r![key] : null, has, Shapes.Child(schema, key), FieldPaths.Join(path, "f:" + key), scope);
                }
            }

            foreach (var (key, rv) in r ?? [])
            {
                if (!FieldPaths.Skipped(path, key, scope) && (l is null || !l.ContainsKey(key)))
                {
                    Compare(null, false, rv, true, Shapes.Child(schema, key), FieldPaths.Join(path, "f:" + key), scope);
                }
            }
        }
        else
        {
            var item = Shapes.Item(schema);
            var lItems = Index(schema, shape, left as JsonArray);
            var rItems = Index(schema, shape, right as JsonArray);
            foreach (var (segment, lv) in lItems)
            {
                var has = rItems.TryGetValue(segment, out var rv);
                Compare(lv, true, rv, has, item, FieldPaths.Join(path, segment), scope);
            }

            foreach (var (segment, rv) in rItems)
            {
                if (!lItems.ContainsKey(segment))
                {
                    Compare(null, false, rv, true, item, FieldPaths.Join(path, segment), scope);
                }
            }
        }

        // A struct field the Go type always carries (not a pointer) is never added or removed on its own; list items are.
        if (path.Length > 0 && !(IsStructField(path) && shape == Shape.Fields && schema.Type == SchemaType.Object && schema.Properties.Count > 0))
        {
            if (!hasLeft)
            {
                Added.Add(path);
            }
            else if (!hasRight)
            {
                Removed.Add(path);
            }
        }
    }

    static bool IsStructField(string path) => string.CompareOrdinal(path, path.LastIndexOf(FieldPaths.Separator) + 1, "f:", 0, 2) == 0;

    static bool IsEmpty(JsonNode? node) => node is null or JsonObject { Count: 0 } or JsonArray { Count: 0 };

    static Dictionary<string, JsonNode?> Index(Schema list, Shape shape, JsonArray? items)
    {
        var index = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            index.TryAdd(Shapes.ItemSegment(list, shape, items![i]) ?? "i:" + i, items[i]);
        }

        return index;
    }
}
