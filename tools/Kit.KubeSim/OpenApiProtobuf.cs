using System.Text.Json;
using Google.Protobuf;

namespace Kit.KubeSim;

/// <summary>
/// The Swagger 2.0 document encoded as gnostic's openapi.v2.Document, what kube-apiserver serves on /openapi/v2 to
/// client-go: like kube-openapi's ToProtoBinary, the JSON document is read back and written message by message, every
/// vendor extension as a NamedAny whose Any holds the value's YAML (here JSON, which is YAML's flow style). A key the
/// table below does not know fails the encoding, as gnostic's parser refuses a key Swagger 2.0 does not define.
/// </summary>
static class OpenApiProtobuf
{
    public const string MediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>What client-go asks for; the server answers it with <see cref="MediaType"/>.</summary>
    public const string DeprecatedMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>
    /// The fields of the messages a Kubernetes document reaches, from github.com/google/gnostic-models
    /// openapiv2/OpenAPIv2.proto at a84a29ee8efac8d764f8dd251aa316fcaa61c60c: "jsonKey=number:type", where type is
    /// string, bool, int64, double, Any, a message, or either with * for a repeated field read from a JSON array.
    /// "x-" stands for every vendor extension (repeated NamedAny), "*" for every other key of a map-like message
    /// (a repeated Named… message: name 1, value 2), "/" for every key starting with "/".
    /// </summary>
    static readonly Dictionary<string, Dictionary<string, (int Number, string Type)>> Messages = Parse(new()
    {
        ["Document"] = "swagger=1:string info=2:Info host=3:string basePath=4:string schemes=5:string* consumes=6:string* produces=7:string* paths=8:Paths definitions=9:Definitions x-=16",
        ["Info"] = "title=1:string version=2:string description=3:string termsOfService=4:string x-=7",
        ["Paths"] = "x-=1 /=2:NamedPathItem",
        ["PathItem"] = "$ref=1:string get=2:Operation put=3:Operation post=4:Operation delete=5:Operation options=6:Operation head=7:Operation patch=8:Operation parameters=9:ParametersItem* x-=10",
        ["Operation"] = "tags=1:string* summary=2:string description=3:string operationId=5:string produces=6:string* consumes=7:string* parameters=8:ParametersItem* responses=9:Responses schemes=10:string* deprecated=11:bool x-=13",
        ["QueryParameterSubSchema"] = "required=1:bool in=2:string description=3:string name=4:string allowEmptyValue=5:bool type=6:string format=7:string collectionFormat=9:string uniqueItems=20:bool x-=23",
        ["PathParameterSubSchema"] = "required=1:bool in=2:string description=3:string name=4:string type=5:string format=6:string uniqueItems=19:bool x-=22",
        ["BodyParameter"] = "description=1:string name=2:string in=3:string required=4:bool schema=5:Schema x-=6",
        ["JsonReference"] = "$ref=1:string description=2:string",
        ["Responses"] = "*=1:NamedResponseValue x-=2",
        ["Response"] = "description=1:string schema=2:SchemaItem x-=5",
        ["Definitions"] = "*=1:NamedSchema",
        ["Properties"] = "*=1:NamedSchema",
        ["Schema"] = "$ref=1:string format=2:string title=3:string description=4:string default=5:Any multipleOf=6:double maximum=7:double exclusiveMaximum=8:bool minimum=9:double exclusiveMinimum=10:bool "
            + "maxLength=11:int64 minLength=12:int64 pattern=13:string maxItems=14:int64 minItems=15:int64 uniqueItems=16:bool maxProperties=17:int64 minProperties=18:int64 required=19:string* enum=20:Any* "
            + "additionalProperties=21:AdditionalPropertiesItem type=22:TypeItem items=23:ItemsItem allOf=24:Schema* properties=25:Properties discriminator=26:string readOnly=27:bool example=30:Any x-=31",
    });

    /// <summary>The document's bytes; throws when the JSON holds what the table (and so Swagger 2.0) does not.</summary>
    public static byte[] Encode(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return Message("Document", document.RootElement);
    }

    static Dictionary<string, Dictionary<string, (int, string)>> Parse(Dictionary<string, string> table) =>
        table.ToDictionary(
            m => m.Key,
            m => m.Value.Split(' ').Select(f => f.Split('=', 2)).ToDictionary(
                f => f[0],
                f => f[1].Split(':') is [var number, var type] ? (Number(number), type) : (Number(f[1]), "NamedAny"),
                StringComparer.Ordinal),
            StringComparer.Ordinal);

    static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    static byte[] Message(string message, JsonElement value) => Write(output =>
    {
        switch (message)
        {
            // The oneof wrappers: which member a JSON value becomes is gnostic's choice, made the same way.
            case "ParametersItem":
                Field(output, value.TryGetProperty("$ref", out _) ? 2 : 1, value.TryGetProperty("$ref", out _) ? "JsonReference" : "Parameter", value);
                return;
            case "Parameter":
                var body = value.GetProperty("in").GetString() == "body";
                Field(output, body ? 1 : 2, body ? "BodyParameter" : "NonBodyParameter", value);
                return;
            case "NonBodyParameter":
                Field(output, value.GetProperty("in").GetString() switch
                {
                    "query" => (3, "QueryParameterSubSchema"),
                    "path" => (4, "PathParameterSubSchema"),
                    var other => throw new InvalidOperationException($"no parameter sub-schema for in: {other}"),
                }, value);
                return;
            case "ResponseValue":
                Field(output, value.TryGetProperty("$ref", out _) ? (2, "JsonReference") : (1, "Response"), value);
                return;
            case "SchemaItem":
                Field(output, 1, "Schema", value);
                return;
            case "AdditionalPropertiesItem":
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    output.WriteTag(2, WireFormat.WireType.Varint);
                    output.WriteBool(value.GetBoolean());
                }
                else
                {
                    Field(output, 1, "Schema", value);
                }

                return;
            case "TypeItem":
                foreach (var type in value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value })
                {
                    output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    output.WriteString(type.GetString());
                }

                return;
            case "ItemsItem":
                foreach (var item in value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value })
                {
                    Field(output, 1, "Schema", item);
                }

                return;
            case "Any":
                // Any.yaml (2): the value as YAML text; JSON is YAML's flow style, which every YAML reader takes.
                output.WriteTag(2, WireFormat.WireType.LengthDelimited);
                output.WriteString(value.GetRawText() + "\n");
                return;
            case "NamedAny" or "NamedPathItem" or "NamedResponseValue" or "NamedSchema":
                throw new InvalidOperationException($"{message} is written by its map");
        }

        var fields = Messages.GetValueOrDefault(message) ?? throw new InvalidOperationException($"no openapi.v2 message {message}");
        var written = new List<(int Number, JsonProperty Property, string Type)>();
        foreach (var property in value.EnumerateObject())
        {
            // A map-like message without vendor extensions (Properties, Definitions) takes x- keys as names.
            var key = property.Name.StartsWith("x-", StringComparison.Ordinal) && fields.ContainsKey("x-") ? "x-"
                : fields.ContainsKey(property.Name) ? property.Name
                : property.Name.StartsWith('/') && fields.ContainsKey("/") ? "/"
                : fields.ContainsKey("*") ? "*"
                : throw new InvalidOperationException($"{message} has no field for \"{property.Name}\"");
            var (number, type) = fields[key];
            written.Add((number, property, type));
        }

        // proto.Marshal writes fields in number order; a repeated field's entries keep the document's order.
        foreach (var (number, property, type) in written.OrderBy(w => w.Number))
        {
            if (type.StartsWith("Named", StringComparison.Ordinal))
            {
                output.WriteTag(number, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(UnsafeByteOperations.UnsafeWrap(Named(property.Name, type == "NamedAny" ? "Any" : type[5..], property.Value)));
            }
            else if (type.EndsWith('*'))
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    Scalar(output, number, type[..^1], item);
                }
            }
            else
            {
                Scalar(output, number, type, property.Value);
            }
        }
    });

    static byte[] Named(string name, string valueMessage, JsonElement value) => Write(output =>
    {
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(name);
        Field(output, 2, valueMessage, value);
    });

    static void Scalar(CodedOutputStream output, int number, string type, JsonElement value)
    {
        // proto3 leaves a zero value off the wire (a null writer).
        (WireFormat.WireType Wire, Action<CodedOutputStream>? Write)? scalar = type switch
        {
            "string" => (WireFormat.WireType.LengthDelimited, value.GetString() is { Length: > 0 } text ? o => o.WriteString(text) : null),
            "bool" => (WireFormat.WireType.Varint, value.GetBoolean() ? o => o.WriteBool(true) : null),
            "int64" => (WireFormat.WireType.Varint, value.GetInt64() is not 0 and var integer ? o => o.WriteInt64(integer) : null),
            "double" => (WireFormat.WireType.Fixed64, value.GetDouble() is not 0 and var real ? o => o.WriteDouble(real) : null),
            _ => null,
        };
        if (scalar is not { } written)
        {
            Field(output, number, type, value);
        }
        else if (written.Write is { } write)
        {
            output.WriteTag(number, written.Wire);
            write(output);
        }
    }

    static void Field(CodedOutputStream output, (int Number, string Message) field, JsonElement value) => Field(output, field.Number, field.Message, value);

    static void Field(CodedOutputStream output, int number, string message, JsonElement value)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(Message(message, value)));
    }

    static byte[] Write(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }
}
