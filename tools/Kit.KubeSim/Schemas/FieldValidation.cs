using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Schemas;

/// <summary>
/// The fieldValidation query parameter as kube-apiserver applies it: unknown and duplicate fields fail the request
/// (Strict), come back as Warning headers (Warn, the default) or are dropped silently (Ignore); unknown fields are
/// pruned from what is stored; a value of the wrong JSON type fails the request whatever the mode.
/// </summary>
sealed class FieldValidation
{
    readonly ResourceType type;
    readonly string mode;

    FieldValidation(ResourceType type, string mode)
    {
        this.type = type;
        this.mode = mode;
    }

    /// <summary>Warnings to return as `Warning: 299 - "…"` headers.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The directive a request asks for; absent means Warn, as on servers since 1.27.</summary>
    public static FieldValidation For(ResourceType type, string? query) =>
        new(type, query is "Strict" or "Ignore" ? query : "Warn");

    /// <summary>
    /// Checks a create or update body as the server decodes it: wrong types are a 400 (422 for custom resources,
    /// whose schema validation reports them); unknown and duplicate fields per the directive; unknown fields pruned.
    /// </summary>
    public void Decoded(JsonObject obj, IReadOnlyList<string> duplicates, bool prefixed)
    {
        var walk = Walk(obj);
        var findings = duplicates.Select(d => $"duplicate field \"{d}\"").Concat(walk.Unknown.Select(u => $"unknown field \"{u}\"")).ToList();
        if (walk.TypeError is { } typeError)
        {
            throw type.CustomSchema is null
                ? ApiException.BadRequest(Prefix(prefixed) + typeError.Decoding)
                : ApiException.Invalid(type, Json.Str(obj, "metadata", "name") ?? "", typeError.Path, typeError.Custom);
        }

        Report(findings, prefixed);
    }

    /// <summary>
    /// Checks a server-side apply body as structured-merge-diff converts it: any unknown field or wrong type fails
    /// with a 500 "failed to create typed patch object", whatever the directive; duplicates follow the directive.
    /// </summary>
    public void Applied(JsonObject obj, string? ns, string name, IReadOnlyList<string> duplicates)
    {
        var walk = Walk(obj);
        var errors = walk.ApplyErrors;
        if (errors.Count > 0)
        {
            var gvk = $"{type.ApiVersion}, Kind={type.Kind}".TrimStart();
            gvk = type.Group.Length == 0 ? "/" + gvk : gvk;
            var detail = errors.Count == 1 ? errors[0] : "errors:\n  " + string.Join("\n  ", errors);
            throw new ApiException(500, "", $"failed to create typed patch object ({ns}/{name}; {gvk}): {detail}");
        }

        Report([.. duplicates.Select(d => $"duplicate field \"{d}\"")], prefixed: false);
    }

    void Report(List<string> findings, bool prefixed)
    {
        if (findings.Count == 0 || mode == "Ignore")
        {
            return;
        }

        if (mode == "Strict")
        {
            throw ApiException.BadRequest(Prefix(prefixed) + "strict decoding error: " + string.Join(", ", findings));
        }

        Warnings.AddRange(findings);
    }

    string Prefix(bool prefixed) => prefixed ? $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: " : "";

    SchemaWalk Walk(JsonObject obj)
    {
        var walk = new SchemaWalk();
        if (type.Schema is { } schema)
        {
            walk.Node(schema, obj, schema.Name is { } n ? n[(n.LastIndexOf('.') + 1)..] : type.Kind);
        }

        return walk;
    }

    /// <summary>Duplicate object keys of a JSON text, as paths like spec.replicas (empty when the text is not JSON).</summary>
    public static IReadOnlyList<string> Duplicates(string json)
    {
        var found = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        var frames = new Stack<(HashSet<string>? Names, string Path, int Index)>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var (names, path, _) = frames.Peek();
                        var propertyName = reader.GetString()!;
                        pending = path.Length == 0 ? propertyName : $"{path}.{propertyName}";
                        if (!names!.Add(propertyName))
                        {
                            found.Add(pending);
                        }

                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var at = Position(frames, pending);
                        frames.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, at, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    default:
                        Advance(frames);
                        break;
                }

                pending = null;
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return found;
    }

    static string Position(Stack<(HashSet<string>? Names, string Path, int Index)> frames, string? pending) =>
        pending ?? (frames.TryPeek(out var top) && top.Names is null ? $"{top.Path}[{top.Index}]" : "");

    static void Advance(Stack<(HashSet<string>? Names, string Path, int Index)> frames)
    {
        if (frames.TryPop(out var top))
        {
            frames.Push(top.Names is null ? top with { Index = top.Index + 1 } : top);
        }
    }

    /// <summary>One walk of an object against its schema, collecting unknown fields (pruned) and the first type error.</summary>
    sealed class SchemaWalk
    {
        /// <summary>Where the walk is: a field or map key (Name), or a list element (Index, Item, List); paths are rendered only for findings.</summary>
        readonly List<(string? Name, int Index, JsonNode? Item, Schema? List)> at = [];

        public List<string> Unknown { get; } = [];

        public List<string> ApplyErrors { get; } = [];

        public (string Decoding, string Custom, string Path)? TypeError { get; private set; }

        /// <summary>Walks one node against its schema.</summary>
        /// <param name="schema">the node's schema.</param>
        /// <param name="node">the value.</param>
        /// <param name="goStruct">the innermost Go struct, as Go's json names it in a type error.</param>
        public void Node(Schema schema, JsonNode? node, string goStruct)
        {
            if (node is null || schema.Type == SchemaType.Any)
            {
                return;
            }

            if (!Fits(schema, node))
            {
                Mismatch(schema, node, goStruct);
                return;
            }

            switch (schema.Type)
            {
                case SchemaType.Object when node is JsonObject obj:
                    var structName = schema.Name is { } n ? n[(n.LastIndexOf('.') + 1)..] : goStruct;
                    List<string>? unknown = null;
                    foreach (var (name, value) in obj)
                    {
                        if (schema.Field(name) is { } field)
                        {
                            Child(field, value, structName, (name, -1, null, null));
                        }
                        else if (!schema.PreserveUnknownFields)
                        {
                            at.Add((name, -1, null, null));
                            Unknown.Add(DecodingPath());
                            ApplyErrors.Add($"{ApplyPath()}: field not declared in schema");
                            at.RemoveAt(at.Count - 1);
                            (unknown ??= []).Add(name);
                        }
                    }

                    // Pruned after the loop: an object cannot change while it is enumerated.
                    foreach (var name in unknown ?? [])
                    {
                        obj.Remove(name);
                    }

                    break;
                case SchemaType.Map when node is JsonObject map && schema.Values is { } values:
                    foreach (var (key, value) in map)
                    {
                        Child(values, value, goStruct, (key, -1, null, null));
                    }

                    break;
                case SchemaType.List when node is JsonArray list && schema.Items is { } items:
                    for (var i = 0; i < list.Count; i++)
                    {
                        Child(items, list[i], goStruct, (null, i, list[i], schema));
                    }

                    break;
            }
        }

        void Child(Schema schema, JsonNode? node, string goStruct, (string? Name, int Index, JsonNode? Item, Schema? List) step)
        {
            at.Add(step);
            Node(schema, node, goStruct);
            at.RemoveAt(at.Count - 1);
        }

        /// <summary>spec.template.spec.containers[0].image, as strict decoding names a field.</summary>
        string DecodingPath()
        {
            var path = new StringBuilder();
            foreach (var step in at)
            {
                if (step.Name is { } name)
                {
                    path.Append(path.Length == 0 ? "" : ".").Append(name);
                }
                else
                {
                    path.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
            }

            return path.ToString();
        }

        /// <summary>spec.template.spec.containers.image, as Go's json names a field in a type error.</summary>
        string GoPath() => string.Join('.', at.Where(s => s.Name is not null).Select(s => s.Name));

        /// <summary>.spec.template.spec.containers[name="app"].image, as structured-merge-diff names a field.</summary>
        string ApplyPath() => string.Concat(at.Select(s => s.Name is { } name ? "." + name : Element(s.List!, s.Item, s.Index)));

        void Mismatch(Schema schema, JsonNode node, string goStruct)
        {
            var path = DecodingPath();
            var kind = node.GetValueKind();
            var json = kind switch
            {
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "bool",
                _ => "number " + node.ToJsonString(),
            };
            if (kind == JsonValueKind.Number && schema.Type != SchemaType.Integer)
            {
                json = "number";
            }

            var openApiType = schema.Type switch
            {
                SchemaType.Object or SchemaType.Map => "object",
                SchemaType.List => "array",
                SchemaType.IntOrString => "integer,string",
                var t => t.ToString().ToLowerInvariant(),
            };
            TypeError ??= (
                $"json: cannot unmarshal {json} into Go struct field {goStruct}.{GoPath()} of type {GoType(schema)}",
                $"Invalid value: {Shown(node)}: {path} in body must be of type {openApiType}: {Shown(node)}",
                path);
            ApplyErrors.Add($"{ApplyPath()}: expected {Expected(schema)}, got {JsonKindName(kind)}");
        }

        // The server names the type it was given, not the value: Invalid value: "string": ... must be of type integer: "string".
        static string Shown(JsonNode node) => node.GetValueKind() switch
        {
            JsonValueKind.String => "\"string\"",
            JsonValueKind.Object => "\"object\"",
            JsonValueKind.Array => "\"array\"",
            JsonValueKind.True or JsonValueKind.False => "\"boolean\"",
            _ when node.AsValue().TryGetValue<long>(out _) => "\"integer\"",
            _ => "\"number\"",
        };

        static string Expected(Schema schema) => schema.Type switch
        {
            SchemaType.Integer or SchemaType.Number => "numeric (int or float)",
            SchemaType.String => "string",
            SchemaType.Boolean => "boolean",
            SchemaType.Object or SchemaType.Map => "map",
            SchemaType.List => "list",
            _ => "scalar",
        };

        static string JsonKindName(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "map",
            JsonValueKind.Array => "list",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "numeric",
        };

        static string Element(Schema list, JsonNode? item, int index)
        {
            if (list.ListType == "set")
            {
                return $"[={item?.ToJsonString()}]";
            }

            if (list.ListType == "map" && item is JsonObject entry && list.ListMapKeys.Count > 0)
            {
                return "[" + string.Join(",", list.ListMapKeys.Where(k => entry[k] is not null).Select(k => $"{k}={entry[k]!.ToJsonString()}")) + "]";
            }

            return $"[{index.ToString(CultureInfo.InvariantCulture)}]";
        }

        static bool Fits(Schema schema, JsonNode node)
        {
            var kind = node.GetValueKind();
            return schema.Type switch
            {
                SchemaType.Object or SchemaType.Map => kind == JsonValueKind.Object,
                SchemaType.List => kind == JsonValueKind.Array,
                SchemaType.String when schema.Format == "quantity" => kind is JsonValueKind.String or JsonValueKind.Number,
                SchemaType.String => kind == JsonValueKind.String,
                SchemaType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
                SchemaType.Integer => kind == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var l) && (schema.Format != "int32" || l is >= int.MinValue and <= int.MaxValue),
                SchemaType.Number => kind == JsonValueKind.Number,
                SchemaType.IntOrString => kind is JsonValueKind.Number or JsonValueKind.String,
                _ => true,
            };
        }

        static string GoType(Schema schema) => schema.Type switch
        {
            SchemaType.Integer => schema.Format ?? "int64",
            SchemaType.Number => "float64",
            SchemaType.Boolean => "bool",
            SchemaType.String when schema.Format == "date-time" => "v1.Time",
            SchemaType.String when schema.Format == "quantity" => "resource.Quantity",
            SchemaType.String when schema.Format == "byte" => "[]uint8",
            SchemaType.String => "string",
            SchemaType.IntOrString => "intstr.IntOrString",
            SchemaType.List => "[]" + GoType(schema.Items!),
            SchemaType.Map => "map[string]" + GoType(schema.Values!),
            SchemaType.Object when schema.Name is { } name => string.Join('.', name.Split('.')[^2..]),
            _ => "interface {}",
        };
    }
}
