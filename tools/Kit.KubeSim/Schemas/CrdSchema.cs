using System.Text.Json.Nodes;

namespace Kit.KubeSim.Schemas;

/// <summary>A CRD version's spec.versions[].schema.openAPIV3Schema as a <see cref="Schema"/>.</summary>
static class CrdSchema
{
    /// <summary>The root schema of a custom kind; apiVersion, kind and metadata (ObjectMeta) are always allowed.</summary>
    public static Schema Root(JsonObject? openApiV3Schema)
    {
        if (openApiV3Schema is null)
        {
            return new Schema { Type = SchemaType.Any, PreserveUnknownFields = true };
        }

        var root = Node(openApiV3Schema, forceObject: true);
        AddTypeMeta(root);
        root.Properties["metadata"] = SchemaCatalog.BuiltIn.ObjectMeta;
        return root;
    }

    static Schema Node(JsonObject s, bool forceObject = false)
    {
        var type = Json.Str(s, "type");
        var preserve = Flag(s, "x-kubernetes-preserve-unknown-fields");
        var embedded = Flag(s, "x-kubernetes-embedded-resource");
        var additional = s["additionalProperties"];
        var shape = Flag(s, "x-kubernetes-int-or-string") ? SchemaType.IntOrString : type switch
        {
            "object" when s["properties"] is null && additional is JsonObject or JsonValue => SchemaType.Map,
            "object" => SchemaType.Object,
            "array" => SchemaType.List,
            "string" => SchemaType.String,
            "integer" => SchemaType.Integer,
            "number" => SchemaType.Number,
            "boolean" => SchemaType.Boolean,
            _ when forceObject || s["properties"] is not null => SchemaType.Object,
            _ => SchemaType.Any,
        };
        var schema = new Schema
        {
            Type = shape,
            Format = Json.Str(s, "format"),
            Description = Json.Str(s, "description"),
            Items = shape == SchemaType.List ? s["items"] is JsonObject items ? Node(items) : new Schema { Type = SchemaType.Any, PreserveUnknownFields = true } : null,
            Values = shape == SchemaType.Map ? additional is JsonObject values ? Node(values) : new Schema { Type = SchemaType.Any, PreserveUnknownFields = true } : null,
            ListType = Json.Str(s, "x-kubernetes-list-type") ?? "atomic",
            ListMapKeys = (s["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k?.ToString() ?? "").ToArray() ?? [],
            MapType = Json.Str(s, "x-kubernetes-map-type"),
            PreserveUnknownFields = preserve || shape == SchemaType.Any,
            EmbeddedResource = embedded,
        };
        foreach (var (name, property) in s["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject p)
            {
                schema.Properties[name] = Node(p);
            }
        }

        schema.Required.UnionWith((s["required"] as JsonArray ?? []).Select(r => r?.ToString() ?? ""));
        if (embedded)
        {
            AddTypeMeta(schema);
            schema.Properties.TryAdd("metadata", new Schema { Type = SchemaType.Object, PreserveUnknownFields = true });
        }

        return schema;
    }

    static void AddTypeMeta(Schema schema)
    {
        schema.Properties.TryAdd("apiVersion", new Schema { Type = SchemaType.String });
        schema.Properties.TryAdd("kind", new Schema { Type = SchemaType.String });
    }

    static bool Flag(JsonObject s, string name) => s[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
