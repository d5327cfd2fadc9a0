using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Kit.KubeSim.Protobuf;

/// <summary>
/// A request body in application/vnd.kubernetes.protobuf: the magic "k8s\0", then a runtime.Unknown whose typeMeta
/// names the kind and whose raw bytes are that kind's message. Decoded to the JSON object a JSON client would have sent.
/// </summary>
static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static bool Is(string? contentType) =>
        contentType is not null && contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the simulator can read this type's objects in protobuf (built-in kinds only, as on a real server).</summary>
    public static bool Decodes(ResourceType type) => ProtobufMessages.Kubernetes.MessageOf(type.ApiVersion, type.Kind) is not null;

    public static JsonObject Decode(byte[] body, ResourceType into)
    {
        if (body.Length == 0)
        {
            throw Unrecognized(into, "empty data", body);
        }

        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Unrecognized(into, "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]", body);
        }

        if (body.Length == Magic.Length)
        {
            throw Unrecognized(into, "empty body", body);
        }

        string apiVersion, kind;
        ByteString raw;
        try
        {
            var envelope = ProtobufJson.Scalars(ByteString.CopyFrom(body, Magic.Length, body.Length - Magic.Length));
            var typeMeta = envelope.GetValueOrDefault(1) is ByteString meta ? ProtobufJson.Scalars(meta) : [];
            apiVersion = (typeMeta.GetValueOrDefault(1) as ByteString)?.ToStringUtf8() ?? "";
            kind = (typeMeta.GetValueOrDefault(2) as ByteString)?.ToStringUtf8() ?? "";
            raw = envelope.GetValueOrDefault(2) as ByteString ?? ByteString.Empty;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Unrecognized(into, e.Message, body);
        }

        // As the real decoder does, what the envelope leaves out is taken from the URL's type.
        apiVersion = apiVersion.Length == 0 ? into.ApiVersion : apiVersion;
        kind = kind.Length == 0 ? into.Kind : kind;
        var messages = ProtobufMessages.Kubernetes;
        var message = messages.MessageOf(apiVersion, kind)
            ?? throw CannotHandle(into, apiVersion, kind, $"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
        try
        {
            var json = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
            ProtobufJson.MoveInto(json, (JsonObject)new ProtobufJson(messages).Message(message, raw)!);
            return json;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or System.Text.Json.JsonException)
        {
            throw CannotHandle(into, apiVersion, kind, e.Message);
        }
    }

    // The create and update handlers' wording (transformDecodeError) for a body that does not decode.
    static ApiException Unrecognized(ResourceType into, string error, byte[] body) =>
        ApiException.BadRequest($"the object provided is unrecognized (must be of type {into.Kind}): {error} ({Summary(body)})");

    static ApiException CannotHandle(ResourceType into, string apiVersion, string kind, string error) =>
        ApiException.BadRequest($"{kind} in version \"{apiVersion.Split('/')[^1]}\" cannot be handled as a {into.Kind}: {error}");

    static string Summary(byte[] body) => body switch
    {
        [] => "<empty>",
        [(byte)'{', ..] => body.Length > 30 ? System.Text.Encoding.UTF8.GetString(body, 0, 30) + " ..." : System.Text.Encoding.UTF8.GetString(body),
        _ => body.Length > 30 ? Convert.ToHexStringLower(body.AsSpan(0, 30)) + " ..." : Convert.ToHexStringLower(body),
    };
}
