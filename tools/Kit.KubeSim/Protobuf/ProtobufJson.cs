using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Kit.KubeSim.Protobuf;

/// <summary>
/// Turns one Kubernetes protobuf message into the JSON Go's encoding/json would write for the struct it decodes to:
/// value fields always (zero scalars left out under omitempty, empty structs as {}), pointers, lists and maps only
/// when sent, embedded structs inlined, and the apimachinery types in their own JSON forms. The table's scalars are
/// string, bytes, bool, int32 and int64.
/// </summary>
sealed class ProtobufJson(ProtobufMessages messages)
{
    const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    public JsonNode? Message(string message, ByteString bytes) => message switch
    {
        Meta + "Time" => Time(bytes, "yyyy-MM-dd'T'HH:mm:ss'Z'"),
        Meta + "MicroTime" => Time(bytes, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
        // RawExtension and Duration take the same forms, but no served kind reaches them.
        Meta + "FieldsV1" => Raw(bytes),
        "k8s.io.apimachinery.pkg.api.resource.Quantity" => Scalars(bytes).GetValueOrDefault(1) is ByteString s ? s.ToStringUtf8() : "0",
        "k8s.io.apimachinery.pkg.util.intstr.IntOrString" => IntOrString(Scalars(bytes)),
        _ => Object(message, bytes),
    };

    JsonObject Object(string message, ByteString bytes)
    {
        var fields = messages.FieldsOf(message);
        var values = new Dictionary<int, JsonNode?>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = fields.FirstOrDefault(f => f.Number == number);
            if (field is null)
            {
                // Fields newer than the table are skipped, as a Go server skips fields newer than its build.
                input.SkipLastField();
                continue;
            }

            if (field.MapKey is not null)
            {
                var map = (JsonObject)(values.TryGetValue(number, out var m) ? m! : values[number] = new JsonObject());
                var (key, value) = Entry(field, input.ReadBytes());
                map[key] = value;
            }
            else if (field.Repeated)
            {
                var list = (JsonArray)(values.TryGetValue(number, out var l) ? l! : values[number] = new JsonArray());
                if (!field.IsMessage && field.Type is not ("string" or "bytes") && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var packed = input.ReadBytes().CreateCodedInput();
                    while (!packed.IsAtEnd)
                    {
                        list.Add(Scalar(field, WireFormat.MakeTag(number, WireType(field.Type)), packed));
                    }
                }
                else
                {
                    list.Add(Value(field, tag, input));
                }
            }
            else
            {
                values[number] = Value(field, tag, input);
            }
        }

        var json = new JsonObject();
        foreach (var field in fields)
        {
            var sent = values.TryGetValue(field.Number, out var value);
            if (!sent)
            {
                // A Go value field is never absent: it decodes to its zero value.
                if (field.Pointer || field.Repeated || field.MapKey is not null || (!field.IsMessage && field.OmitEmpty))
                {
                    continue;
                }

                value = field.IsMessage ? Message(field.Type, ByteString.Empty) : Zero(field.Type);
            }
            else if (!field.Pointer && field.OmitEmpty && !field.IsMessage && field.MapKey is null && !field.Repeated && IsZero(value))
            {
                continue;
            }

            if (field.JsonName is null)
            {
                MoveInto(json, (JsonObject)value!);
            }
            else
            {
                json[field.JsonName] = value;
            }
        }

        return json;
    }

    /// <summary>Moves every property of <paramref name="from"/> into <paramref name="into"/> (an inlined struct).</summary>
    public static void MoveInto(JsonObject into, JsonObject from)
    {
        foreach (var (name, value) in from.ToList())
        {
            from.Remove(name);
            into[name] = value;
        }
    }

    (string Key, JsonNode? Value) Entry(ProtobufField field, ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var key = "";
        JsonNode? value = field.IsMessage ? Message(field.Type, ByteString.Empty) : Zero(field.Type);
        var valueField = field with { MapKey = null };
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = Scalar(new ProtobufField(1, "key", field.MapKey!, false, null, false, false), tag, input)!.ToString();
                    break;
                case 2:
                    value = Value(valueField, tag, input);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }

    JsonNode? Value(ProtobufField field, uint tag, CodedInputStream input)
    {
        if (!field.IsMessage)
        {
            return Scalar(field, tag, input);
        }

        ExpectWireType(field, tag, WireFormat.WireType.LengthDelimited);
        return Message(field.Type, input.ReadBytes());
    }

    static JsonNode? Scalar(ProtobufField field, uint tag, CodedInputStream input)
    {
        ExpectWireType(field, tag, WireType(field.Type));
        return field.Type switch
        {
            "string" => input.ReadString(),
            "bytes" => Convert.ToBase64String(input.ReadBytes().Span),
            "bool" => input.ReadBool(),
            "int32" => input.ReadInt32(),
            "int64" => input.ReadInt64(),
            _ => throw new FormatException($"proto: type {field.Type} is not read by the simulator"),
        };
    }

    static WireFormat.WireType WireType(string type) =>
        type is "string" or "bytes" ? WireFormat.WireType.LengthDelimited : WireFormat.WireType.Varint;

    static void ExpectWireType(ProtobufField field, uint tag, WireFormat.WireType expected)
    {
        var actual = WireFormat.GetTagWireType(tag);
        if (actual != expected)
        {
            // gogo-protobuf's own wording for the same mistake.
            throw new FormatException($"proto: wrong wireType = {(int)actual} for field {field.JsonName ?? field.Type}");
        }
    }

    static JsonNode? Zero(string type) => type switch
    {
        "string" or "bytes" => "",
        "bool" => false,
        _ => 0,
    };

    static bool IsZero(JsonNode? value) => value is JsonValue v && (
        (v.TryGetValue<string>(out var s) && s.Length == 0)
        || (v.TryGetValue<bool>(out var b) && !b)
        || v.ToJsonString() == "0");

    /// <summary>Field number -> last scalar sent: ulong for varints, ByteString for length-delimited.</summary>
    public static Dictionary<int, object> Scalars(ByteString bytes)
    {
        var values = new Dictionary<int, object>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    values[number] = input.ReadUInt64();
                    break;
                case WireFormat.WireType.LengthDelimited:
                    values[number] = input.ReadBytes();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return values;
    }

    static JsonNode? Time(ByteString bytes, string format)
    {
        // apimachinery writes a zero Time as an empty message; Go's JSON for it is null.
        if (bytes.IsEmpty)
        {
            return null;
        }

        var values = Scalars(bytes);
        var seconds = values.GetValueOrDefault(1) is ulong s ? (long)s : 0;
        var nanos = values.GetValueOrDefault(2) is ulong n ? (int)n : 0;
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        return time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    static JsonNode? IntOrString(Dictionary<int, object> values) =>
        values.GetValueOrDefault(1) is 1UL
            ? (values.GetValueOrDefault(3) is ByteString s ? s.ToStringUtf8() : "")
            : (values.GetValueOrDefault(2) is ulong i ? (int)i : 0);

    static JsonNode? Raw(ByteString bytes)
    {
        var raw = Scalars(bytes).GetValueOrDefault(1) as ByteString;
        return raw is null || raw.IsEmpty ? null : JsonNode.Parse(raw.Span);
    }
}
