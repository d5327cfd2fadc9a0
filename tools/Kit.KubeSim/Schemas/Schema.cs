namespace Kit.KubeSim.Schemas;

/// <summary>What a schema node holds, as OpenAPI's type plus the two Kubernetes-specific shapes.</summary>
enum SchemaType
{
    /// <summary>A struct with named properties.</summary>
    Object,

    /// <summary>A string-keyed map of <see cref="Schema.Values"/> (additionalProperties).</summary>
    Map,

    /// <summary>A list of <see cref="Schema.Items"/>; its merge semantics are <see cref="Schema.ListType"/>.</summary>
    List,

    /// <summary>A string (formats: date-time, byte, quantity...).</summary>
    String,

    /// <summary>An integer (formats: int32, int64).</summary>
    Integer,

    /// <summary>A number (format: double).</summary>
    Number,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An integer or a string (x-kubernetes-int-or-string).</summary>
    IntOrString,

    /// <summary>Anything (RawExtension, JSON, x-kubernetes-preserve-unknown-fields without properties).</summary>
    Any,
}

/// <summary>
/// One node of an API type's schema: its shape, and the facts server-side apply, strategic merge patch,
/// field validation and OpenAPI need. Object nodes may be shared and cyclic (JSONSchemaProps).
/// </summary>
sealed class Schema
{
    /// <summary>The node's shape.</summary>
    public required SchemaType Type { get; init; }

    /// <summary>The OpenAPI definition name of a named type, e.g. io.k8s.api.apps.v1.DeploymentSpec.</summary>
    public string? Name { get; init; }

    /// <summary>The OpenAPI format, e.g. int32, date-time.</summary>
    public string? Format { get; init; }

    /// <summary>The OpenAPI description, for kubectl explain.</summary>
    public string? Description { get; set; }

    /// <summary>Object properties by JSON name (filled after construction, so that cycles can be built).</summary>
    public Dictionary<string, Schema> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The descriptions of an object's properties whose nodes are shared named types (a field's own words, e.g.
    /// Deployment.spec's, which kubectl explain prints instead of the type's); null when there are none.
    /// </summary>
    public Dictionary<string, string>? PropertyDescriptions { get; set; }

    /// <summary>The properties an object must have.</summary>
    public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

    /// <summary>A list's element schema.</summary>
    public Schema? Items { get; init; }

    /// <summary>A map's value schema.</summary>
    public Schema? Values { get; init; }

    /// <summary>x-kubernetes-list-type: atomic (the default), set or map.</summary>
    public string ListType { get; init; } = "atomic";

    /// <summary>x-kubernetes-list-map-keys of a list whose type is map.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary>x-kubernetes-map-type (granular or atomic) of an object or map; null means granular.</summary>
    public string? MapType { get; init; }

    /// <summary>x-kubernetes-patch-strategy, e.g. merge, retainKeys, "merge,retainKeys".</summary>
    public string? PatchStrategy { get; init; }

    /// <summary>x-kubernetes-patch-merge-key.</summary>
    public string? PatchMergeKey { get; init; }

    /// <summary>x-kubernetes-preserve-unknown-fields: fields not in <see cref="Properties"/> are kept, not refused.</summary>
    public bool PreserveUnknownFields { get; init; }

    /// <summary>The OpenAPI default, e.g. "TCP" for a port's protocol (server-side apply reads it for list-map keys).</summary>
    public System.Text.Json.Nodes.JsonNode? Default { get; init; }

    /// <summary>x-kubernetes-embedded-resource: the node is a whole object (apiVersion, kind, metadata).</summary>
    public bool EmbeddedResource { get; init; }

    /// <summary>The schema of an object's property, or null when the object has no such property.</summary>
    public Schema? Field(string name) => Properties.GetValueOrDefault(name);

    /// <summary>Whether the node is merged as one value by server-side apply (an atomic list or struct).</summary>
    public bool IsAtomic => Type switch
    {
        SchemaType.List => ListType == "atomic",
        SchemaType.Object or SchemaType.Map => MapType == "atomic",
        _ => true,
    };
}
