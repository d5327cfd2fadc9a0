using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>
/// /openapi/v2 (Swagger 2.0) and /openapi/v3 (index and per group-version) generated from the schemas: definitions
/// with x-kubernetes-group-version-kind and the list/patch extensions, and paths whose mutating operations accept
/// fieldValidation, so kubectl validates on the server; v2 also as protobuf, as client-go asks for it. Documents are serialized once: the built-in ones per process,
/// a cluster's own (when it has CRDs) per CRD change.
/// </summary>
static class OpenApi
{
    const string Version = "v1.32.0";
    const string V2Ref = "#/definitions/";
    const string V3Ref = "#/components/schemas/";

    static readonly Lazy<Document> BuiltInV2 = new(() => BuildV2(BuiltInResources.Types));
    static readonly ConcurrentDictionary<string, Document> BuiltInV3 = new(StringComparer.Ordinal);
    static readonly ConditionalWeakTable<ObjectStore, ClusterDocuments> Clusters = [];

    /// <summary>A serialized document and the hash that names its version in the v3 index.</summary>
    public sealed record Document(byte[] Json, string Hash)
    {
        readonly Lazy<byte[]> protobuf = new(() => OpenApiProtobuf.Encode(Json));

        /// <summary>The v2 document as openapi.v2.Document, encoded on first ask and kept with the JSON it came from.</summary>
        public byte[] Protobuf => protobuf.Value;
    }

    sealed class ClusterDocuments
    {
        public int Generation { get; set; } = -1;

        public ConcurrentDictionary<string, Document> Documents { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The Swagger 2.0 document of every kind the cluster serves.</summary>
    public static Document V2(ObjectStore store)
    {
        var (types, custom) = Served(store);
        return custom ? Cached(store, "v2", () => BuildV2(types)) : BuiltInV2.Value;
    }

    /// <summary>The v3 index: one serverRelativeURL per group-version, with the hash of its current document.</summary>
    public static JsonObject Root(ObjectStore store)
    {
        var paths = new JsonObject();
        foreach (var gv in Served(store).Types.Select(t => t.GroupVersion).Distinct())
        {
            var path = PathOf(gv);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={V3(store, path)!.Hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The v3 document of one group-version ("api/v1", "apis/apps/v1"), or null when none is served.</summary>
    public static Document? V3(ObjectStore store, string path)
    {
        var gv = path == "api/v1" ? "v1" : path.StartsWith("apis/", StringComparison.Ordinal) ? path[5..] : null;
        var served = Served(store).Types.Where(t => t.GroupVersion == gv).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        return served.Any(t => t.CustomSchema is not null)
            ? Cached(store, path, () => BuildV3(served))
            : BuiltInV3.GetOrAdd(path, _ => BuildV3(served));
    }

    static (IReadOnlyList<ResourceType> Types, bool Custom) Served(ObjectStore store)
    {
        var types = store.Types();
        return (types, types.Count > BuiltInResources.Types.Count);
    }

    static Document Cached(ObjectStore store, string key, Func<Document> build)
    {
        var cache = Clusters.GetValue(store, _ => new ClusterDocuments());
        lock (cache)
        {
            if (cache.Generation != store.TypesGeneration)
            {
                cache.Documents.Clear();
                cache.Generation = store.TypesGeneration;
            }

            return cache.Documents.GetOrAdd(key, _ => build());
        }
    }

    static Document Serialize(JsonObject document)
    {
        var json = Json.Bytes(document);
        return new Document(json, Names.Hash(Encoding.UTF8.GetString(json)) + json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    static string PathOf(string groupVersion) => groupVersion == "v1" ? "api/v1" : $"apis/{groupVersion}";

    static Document BuildV2(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var t in types)
        {
            AddPaths(paths, t, v3: false);
        }

        return Serialize(new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Version },
            ["paths"] = paths,
            ["definitions"] = Definitions(types, v3: false),
        });
    }

    static Document BuildV3(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var t in types)
        {
            AddPaths(paths, t, v3: true);
        }

        return Serialize(new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = Definitions(types, v3: true) },
        });
    }

    /// <summary>The definition name of a kind's root: its Go type's for a built-in kind, reversed group + version + kind for a custom one.</summary>
    static string DefinitionName(ResourceType t) =>
        t.Schema?.Name ?? string.Join('.', t.Group.Split('.').Reverse().Append(t.Version).Append(t.Kind));

    static JsonObject Definitions(IReadOnlyList<ResourceType> types, bool v3)
    {
        var definitions = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var named in SchemaCatalog.NamedObjects(types.Select(t => t.Schema).OfType<Schema>()))
        {
            definitions[named.Name!] = Node(named, v3, top: true);
        }

        foreach (var t in types.Where(t => t.Schema is not null))
        {
            var root = definitions.TryGetValue(DefinitionName(t), out var existing) ? existing.AsObject() : Node(t.Schema!, v3, top: true);
            root["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
            definitions[DefinitionName(t)] = root;
        }

        return new JsonObject(definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
    }

    static JsonObject Node(Schema s, bool v3, bool top = false)
    {
        if (!top && s.Type == SchemaType.Object && s.Name is not null)
        {
            var reference = new JsonObject { ["$ref"] = (v3 ? V3Ref : V2Ref) + s.Name };
            return v3 ? new JsonObject { ["allOf"] = new JsonArray(reference), ["default"] = new JsonObject() } : reference;
        }

        var o = new JsonObject();
        if (s.Description is { } description)
        {
            o["description"] = description;
        }

        switch (s.Type)
        {
            case SchemaType.Object:
                o["type"] = "object";
                if (s.Properties.Count > 0)
                {
                    o["properties"] = new JsonObject(s.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Property(s, p.Key, p.Value, v3))));
                }

                if (s.Required.Count > 0)
                {
                    o["required"] = new JsonArray([.. s.Required.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
                }

                break;
            case SchemaType.Map:
                o["type"] = "object";
                o["additionalProperties"] = Node(s.Values!, v3);
                break;
            case SchemaType.List:
                o["type"] = "array";
                o["items"] = Node(s.Items!, v3);
                o["x-kubernetes-list-type"] = s.ListType;
                if (s.ListMapKeys.Count > 0)
                {
                    o["x-kubernetes-list-map-keys"] = new JsonArray([.. s.ListMapKeys.Select(k => (JsonNode)k)]);
                }

                break;
            case SchemaType.IntOrString when !v3 && s.Name is not null:
                // Swagger 2.0 has no anyOf: kube-openapi's v2 IntOrString is a string of format int-or-string.
                o["type"] = "string";
                o["format"] = s.Format;
                break;
            case SchemaType.IntOrString:
                // A custom resource's int-or-string keeps only its extension in v2, as the CRD's v2 conversion drops anyOf.
                o["x-kubernetes-int-or-string"] = true;
                if (v3)
                {
                    o["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
                }

                break;
            case SchemaType.Any:
                break;
            default:
                o["type"] = s.Type.ToString().ToLowerInvariant();
                break;
        }

        if (s.Format is { } format && s.Type != SchemaType.IntOrString)
        {
            o["format"] = format;
        }

        if (s.MapType is { } mapType)
        {
            o["x-kubernetes-map-type"] = mapType;
        }

        if (s.PatchStrategy is { } strategy)
        {
            o["x-kubernetes-patch-strategy"] = strategy;
        }

        if (s.PatchMergeKey is { } key)
        {
            o["x-kubernetes-patch-merge-key"] = key;
        }

        if (s.PreserveUnknownFields)
        {
            o["x-kubernetes-preserve-unknown-fields"] = true;
        }

        if (s.EmbeddedResource)
        {
            o["x-kubernetes-embedded-resource"] = true;
        }

        return o;
    }

    /// <summary>A property; a reference to a named type carries the field's own description beside it, as kube-openapi writes it.</summary>
    static JsonObject Property(Schema parent, string name, Schema property, bool v3)
    {
        var node = Node(property, v3);
        if (parent.PropertyDescriptions?.GetValueOrDefault(name) is { } description && node["description"] is null)
        {
            node["description"] = description;
        }

        return node;
    }

    static readonly string[] WriteParameters = ["dryRun", "fieldManager", "fieldValidation"];

    static void AddPaths(JsonObject paths, ResourceType t, bool v3)
    {
        var prefix = t.Group.Length == 0 ? "/api/v1" : $"/apis/{t.GroupVersion}";
        var collection = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}" : $"{prefix}/{t.Plural}";
        var kind = t.Kind;
        var definition = DefinitionName(t);
        paths[collection] = new JsonObject
        {
            ["get"] = Operation(t, v3, "list", $"list{kind}", $"list or watch objects of kind {kind}", [], null),
            ["post"] = Operation(t, v3, "post", $"create{kind}", $"create a {kind}", WriteParameters, definition),
        };
        paths[$"{collection}/{{name}}"] = new JsonObject
        {
            ["get"] = Operation(t, v3, "get", $"read{kind}", $"read the specified {kind}", [], definition),
            ["put"] = Operation(t, v3, "put", $"replace{kind}", $"replace the specified {kind}", WriteParameters, definition),
            ["patch"] = Operation(t, v3, "patch", $"patch{kind}", $"partially update the specified {kind}", [.. WriteParameters, "force"], definition),
            ["delete"] = Operation(t, v3, "delete", $"delete{kind}", $"delete a {kind}", ["dryRun"], null),
        };
    }

    static JsonObject Operation(ResourceType t, bool v3, string action, string operationId, string description, string[] parameters, string? returns)
    {
        var response = new JsonObject { ["description"] = "OK" };
        if (returns is not null)
        {
            var schema = new JsonObject { ["$ref"] = (v3 ? V3Ref : V2Ref) + returns };
            if (v3)
            {
                response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } };
            }
            else
            {
                response["schema"] = schema;
            }
        }

        return new JsonObject
        {
            ["tags"] = new JsonArray(t.Group.Length == 0 ? "core_v1" : $"{t.Group.Split('.')[0]}_{t.Version}"),
            ["description"] = description,
            ["operationId"] = operationId,
            ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)Parameter(p, v3))]),
            ["responses"] = new JsonObject { [action == "post" ? "201" : "200"] = response },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
        };
    }

    static JsonObject Parameter(string name, bool v3)
    {
        var type = name == "force" ? "boolean" : "string";
        var parameter = new JsonObject { ["name"] = name, ["in"] = "query" };
        if (v3)
        {
            parameter["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true };
        }
        else
        {
            parameter["type"] = type;
            parameter["uniqueItems"] = true;
        }

        return parameter;
    }
}
