using System.Text;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Schemas;

/// <summary>
/// The schema facts structured-merge-diff reads: a node's shape, a child's schema, a list item's identity
/// ("k:{...}" from the list-map keys, "v:..." for a set item).
/// </summary>
static class Shapes
{
    /// <summary>What structured-merge-diff deduces for content no schema describes: maps granular, lists atomic.</summary>
    public static readonly Schema Deduced = new() { Type = SchemaType.Any, PreserveUnknownFields = true };

    public static Shape Of(Schema schema, JsonNode? value) => schema.Type switch
    {
        SchemaType.Object or SchemaType.Map when value is JsonObject => schema.MapType == "atomic" ? Shape.Leaf : Shape.Fields,
        SchemaType.Any when value is JsonObject && schema.PreserveUnknownFields => Shape.Fields,
        SchemaType.List when value is JsonArray => schema.ListType switch
        {
            "map" when schema.ListMapKeys.Count > 0 => Shape.Associative,
            "map" or "set" => Shape.Set,
            _ => Shape.Leaf,
        },
        _ => Shape.Leaf,
    };

    /// <summary>The schema of a struct's field or a map's value; undeclared fields are deduced.</summary>
    public static Schema Child(Schema schema, string key) =>
        (schema.Type == SchemaType.Object ? schema.Field(key) : null) ?? schema.Values ?? Deduced;

    /// <summary>Whether a key is a struct's declared field (a granular map's keys are members of their own).</summary>
    public static bool Declared(Schema schema, string key) =>
        schema.Type == SchemaType.Object && schema.Properties.ContainsKey(key);

    public static Schema Item(Schema list) => list.Items ?? Deduced;

    /// <summary>
    /// A list item's path element: "k:{...}" with the key fields sorted by name (a missing key takes its
    /// schema default, as protocol TCP), "v:..." for a set item; null when the item has none of its keys.
    /// </summary>
    public static string? ItemSegment(Schema list, Shape shape, JsonNode? item)
    {
        if (shape == Shape.Set)
        {
            return item is JsonObject or JsonArray ? null : "v:" + (item?.ToJsonString(Json.Options) ?? "null");
        }

        if (item is not JsonObject o)
        {
            return null;
        }

        var text = new StringBuilder("k:{");
        var any = false;
        foreach (var key in SortedKeys(list))
        {
            var value = o[key] ?? Item(list).Field(key)?.Default;
            if (value is null)
            {
                continue;
            }

            text.Append(any ? ",\"" : "\"").Append(key).Append("\":").Append(value.ToJsonString(Json.Options));
            any = true;
        }

        return any ? text.Append('}').ToString() : null;
    }

    static IEnumerable<string> SortedKeys(Schema list) =>
        list.ListMapKeys.Count == 1 ? list.ListMapKeys : list.ListMapKeys.Order(StringComparer.Ordinal);
}
