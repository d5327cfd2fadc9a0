using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Kit.KubeSim.Schemas;

/// <summary>
/// The schemas of the built-in kinds: fields and types by reflection over KubernetesClient's generated models
/// (found by their [KubernetesEntity]), list/map/patch semantics, required fields and descriptions from
/// <see cref="ApiFacts"/>. Built once per process and shared by every cluster; nodes are immutable once built.
/// </summary>
sealed partial class SchemaCatalog
{
    const string MetaV1 = "io.k8s.apimachinery.pkg.apis.meta.v1";

    readonly Dictionary<(string Group, string Version, string Kind), Type> entities = [];
    readonly Dictionary<(string Group, string Version, string Kind), Schema> roots = [];
    readonly ConcurrentDictionary<(string Group, string Version, string Kind), Schema> built = new();
    readonly Dictionary<Type, Schema> objects = [];
    readonly ApiFacts facts = ApiFacts.Instance;
    readonly Lock gate = new();

    SchemaCatalog()
    {
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind: not null, ApiVersion: not null } entity)
            {
                entities.TryAdd((entity.Group ?? "", entity.ApiVersion, entity.Kind), type);
            }
        }
    }

    /// <summary>The catalog of every kind KubernetesClient models, shared by all clusters of the process.</summary>
    public static SchemaCatalog BuiltIn { get; } = new();

    /// <summary>The root object schema of a built-in kind, or null when the kind is not a built-in one.</summary>
    public Schema? For(string group, string version, string kind)
    {
        if (!entities.TryGetValue((group, version, kind), out var type))
        {
            return null;
        }

        // Every request asks: a root once built is read without the lock.
        if (built.TryGetValue((group, version, kind), out var known))
        {
            return known;
        }

        lock (gate)
        {
            if (!roots.TryGetValue((group, version, kind), out var root))
            {
                root = roots[(group, version, kind)] = Object(type, $"{Package(group, version)}.{kind}");
                built[(group, version, kind)] = root;
            }

            return root;
        }
    }

    /// <summary>meta/v1 ObjectMeta, the metadata of every kind, custom ones included.</summary>
    public Schema ObjectMeta
    {
        get
        {
            lock (gate)
            {
                return Object(typeof(V1ObjectMeta), $"{MetaV1}.ObjectMeta");
            }
        }
    }

    /// <summary>Every named object node reachable from the roots, each once (the graph may be cyclic).</summary>
    public static IEnumerable<Schema> NamedObjects(IEnumerable<Schema> roots)
    {
        var seen = new HashSet<Schema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Schema>(roots);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node))
            {
                continue;
            }

            if (node.Type == SchemaType.Object && node.Name is not null)
            {
                yield return node;
            }

            foreach (var child in node.Properties.Values.Append(node.Items).Append(node.Values))
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    static string Package(string group, string version) => group switch
    {
        "" => $"io.k8s.api.core.{version}",
        "apiextensions.k8s.io" => $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{version}",
        _ => $"io.k8s.api.{group.Split('.')[0]}.{version}",
    };

    Schema Object(Type type, string name)
    {
        if (objects.TryGetValue(type, out var existing))
        {
            return existing;
        }

        var schema = new Schema
        {
            Type = SchemaType.Object,
            Name = name,
            MapType = facts.IsAtomicStruct(name) ? "atomic" : null,
            Description = facts.Description(name, ""),
        };
        objects[type] = schema;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is { } field)
            {
                var node = schema.Properties[field] = Property(property.PropertyType, name, field);
                if (node.Type == SchemaType.Object && facts.Description(name, field) is { } description)
                {
                    (schema.PropertyDescriptions ??= new(StringComparer.Ordinal))[field] = description;
                }
            }
        }

        schema.Required.UnionWith(facts.Required(name).Where(schema.Properties.ContainsKey));
        return schema;
    }

    Schema Property(Type type, string parent, string field)
    {
        var fact = facts.For(parent, field);
        var description = facts.Description(parent, field);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Element(type, typeof(IDictionary<,>), 1) is { } value)
        {
            return new Schema { Type = SchemaType.Map, Values = Value(value, parent, field, fact), MapType = NullIfEmpty(fact?.MapType), Description = description };
        }

        if (type != typeof(string) && type != typeof(byte[]) && Element(type, typeof(IEnumerable<>), 0) is { } item)
        {
            var strategy = NullIfEmpty(fact?.PatchStrategy);
            var mergeKey = NullIfEmpty(fact?.PatchMergeKey);
            var merges = strategy?.Split(',').Contains("merge") == true;

            // Without +listType, kube-openapi's SSA conversion reads patchStrategy=merge as a set, or as a map keyed by the merge key.
            var listType = NullIfEmpty(fact?.ListType) ?? (merges ? mergeKey is null ? "set" : "map" : "atomic");
            var keys = listType != "map" ? [] : fact?.ListMapKeys is { Length: > 0 } listed ? listed : mergeKey is null ? [] : [mergeKey];
            return new Schema
            {
                Type = SchemaType.List,
                Items = Value(item, parent, field, fact),
                ListType = listType,
                ListMapKeys = keys,
                PatchStrategy = strategy,
                PatchMergeKey = mergeKey,
                Description = description,
            };
        }

        var schema = Value(type, parent, field, fact);
        if (schema.Type is SchemaType.Object)
        {
            return schema;
        }

        return new Schema
        {
            Type = schema.Type,
            Name = schema.Name,
            Format = schema.Format,
            PreserveUnknownFields = schema.PreserveUnknownFields,
            PatchStrategy = NullIfEmpty(fact?.PatchStrategy),
            Default = fact?.Default is { Length: > 0 } literal ? JsonNode.Parse(literal) : null,
            Description = description,
        };
    }

    Schema Value(Type type, string parent, string field, ApiFacts.Field? fact)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new Schema { Type = SchemaType.String };
        }

        if (type == typeof(bool))
        {
            return new Schema { Type = SchemaType.Boolean };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new Schema { Type = SchemaType.Integer, Format = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new Schema { Type = SchemaType.Number, Format = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new Schema { Type = SchemaType.String, Format = "date-time" };
        }

        if (type == typeof(byte[]))
        {
            return new Schema { Type = SchemaType.String, Format = "byte" };
        }

        if (type == typeof(IntOrString))
        {
            return new Schema { Type = SchemaType.IntOrString, Name = "io.k8s.apimachinery.pkg.util.intstr.IntOrString", Format = "int-or-string" };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new Schema { Type = SchemaType.String, Name = "io.k8s.apimachinery.pkg.api.resource.Quantity", Format = "quantity" };
        }

        if (Element(type, typeof(IDictionary<,>), 1) is { } value)
        {
            return new Schema { Type = SchemaType.Map, Values = Value(value, parent, field, fact) };
        }

        if (Element(type, typeof(IEnumerable<>), 0) is { } item)
        {
            return new Schema { Type = SchemaType.List, Items = Value(item, parent, field, fact) };
        }

        if (type.IsClass && type.Namespace == typeof(V1Pod).Namespace && type != typeof(object) && type.GetCustomAttribute<JsonConverterAttribute>() is null)
        {
            return Object(type, DefinitionName(type, parent, fact));
        }

        // RawExtension, JSON values (JsonElement, object): any JSON, kept as sent.
        return new Schema { Type = SchemaType.Any, PreserveUnknownFields = true, Name = type == typeof(JsonElement) || type == typeof(object) ? null : type.Name };
    }

    string DefinitionName(Type type, string parent, ApiFacts.Field? fact)
    {
        if (objects.TryGetValue(type, out var known))
        {
            return known.Name!;
        }

        if (fact is { Element.Length: > 0 } && facts.Knows(fact.Element))
        {
            return fact.Element;
        }

        var simple = VersionPrefix().Replace(type.Name, "");
        var sibling = $"{parent[..parent.LastIndexOf('.')]}.{simple}";
        return facts.Knows(sibling) ? sibling : facts.BySimpleName(simple) ?? sibling;
    }

    static Type? Element(Type type, Type generic, int argument)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[argument];
    }

    static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>KubernetesClient's class-name prefix for the API version: V1, V2, V1beta1, or Corev1 when two groups share a name.</summary>
    [GeneratedRegex("^(?:[A-Z][a-z]+)?[Vv][0-9]+(?:(?:alpha|beta)[0-9]+)?(?=[A-Z])")]
    private static partial Regex VersionPrefix();
}
