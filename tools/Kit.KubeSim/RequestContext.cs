using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.KubeSim.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Kit.KubeSim;

/// <summary>One request in flight and what its log entry will say.</summary>
sealed class RequestContext(HttpContext context, KubeSimCluster cluster, string path)
{
    public HttpContext Context { get; } = context;

    public KubeSimCluster Cluster { get; } = cluster;

    public string Verb { get; set; } = "unknown";

    public int Status { get; set; } = 200;

    public bool IsDiscovery => path is "/version" or "/api" or "/apis" or "/api/v1" || path.StartsWith("/openapi", StringComparison.Ordinal)
        || (path.StartsWith("/apis/", StringComparison.Ordinal) && path.Count(c => c == '/') <= 3);

    public string? Resource { get; set; }

    public string? Namespace { get; set; }

    public string? Name { get; set; }

    public string? FieldManager { get; set; }

    public long? ResourceVersion { get; set; }

    public IReadOnlyDictionary<string, string>? Labels { get; set; }

    public IReadOnlyDictionary<string, string>? Annotations { get; set; }

    public string? Query(string name) => Context.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public async Task OkAsync(JsonNode body) => await ApiHandler.WriteAsync(Context, 200, body);

    /// <summary>Answers 200 with JSON already serialized (the cached OpenAPI documents).</summary>
    public async Task OkAsync(byte[] json)
    {
        Context.Response.StatusCode = 200;
        Context.Response.ContentType = "application/json";
        await Context.Response.Body.WriteAsync(json, Context.RequestAborted);
    }

    /// <summary>The body as JSON or YAML text; a protobuf body of a built-in kind is decoded when the verb reads objects (create, update).</summary>
    public async Task<string> BodyAsync(ResourceType? objectOf = null)
    {
        if (ProtobufBody.Is(Context.Request.ContentType))
        {
            if (objectOf is null)
            {
                throw ApiException.UnsupportedMediaType(ApiException.PatchMediaTypes);
            }

            if (!ProtobufBody.Decodes(objectOf))
            {
                // Custom resources are served in JSON and YAML only.
                throw ApiException.UnsupportedMediaType("application/json, application/yaml");
            }

            using var buffer = new MemoryStream();
            await Context.Request.Body.CopyToAsync(buffer, Context.RequestAborted);
            return ProtobufBody.Decode(buffer.ToArray(), objectOf).ToJsonString();
        }

        using var reader = new StreamReader(Context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(Context.RequestAborted);
    }

    public void Describe(JsonObject? obj)
    {
        if (obj?["metadata"] is not JsonObject metadata)
        {
            return;
        }

        Labels = Map(metadata["labels"]);
        Annotations = Map(metadata["annotations"]);
    }

    static Dictionary<string, string>? Map(JsonNode? node) =>
        node is JsonObject o ? o.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value!.ToJsonString()) : null;

    public RequestLogEntry Entry() => new(
        DateTimeOffset.UtcNow,
        Context.Request.Method,
        path + (Context.Request.QueryString.HasValue ? Context.Request.QueryString.Value : ""),
        Verb,
        Status,
        Resource,
        Namespace,
        Name,
        FieldManager,
        ResourceVersion,
        Labels,
        Annotations,
        Query("dryRun") == "All");

    public static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);

    public static JsonObject ParseBody(string text)
    {
        try
        {
            return Json.ParseLastWins(text) as JsonObject ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding body: {e.Message}");
        }
    }
}
