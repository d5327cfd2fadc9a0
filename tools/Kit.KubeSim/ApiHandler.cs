using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Kit.KubeSim;

/// <summary>Answers every HTTP request: finds the cluster, applies faults and auth, routes to discovery, OpenAPI or a resource.</summary>
sealed class ApiHandler(KubeSimServer server, KubeSimOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "clusters" || server.FindCluster(parts[1]) is not { } cluster)
        {
            await WriteAsync(context, 404, ApiException.RouteNotFound().Status());
            return;
        }

        if (options.LatencyMs > 0)
        {
            await Task.Delay(options.LatencyMs, context.RequestAborted);
        }

        if (cluster.IsDown)
        {
            // A dropped connection, not an HTTP answer: clients see the same failure as a dead API server.
            context.Abort();
            return;
        }

        var request = new RequestContext(context, cluster, "/" + string.Join('/', parts[2..]));
        try
        {
            if (context.Request.Headers.Authorization.ToString() != "Bearer " + cluster.Token)
            {
                throw ApiException.Unauthorized();
            }

            if (options.ErrorRate > 0 && Random.Shared.NextDouble() < options.ErrorRate && !request.IsDiscovery)
            {
                throw ApiException.Injected();
            }

            await RouteAsync(request, parts[2..]);
        }
        catch (ApiException e)
        {
            request.Status = e.Code;
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, e.Code, e.Status());
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            request.Status = 499;
        }

        cluster.Record(request.Entry());
    }

    async Task RouteAsync(RequestContext request, string[] parts)
    {
        var cluster = request.Cluster;
        var types = cluster.Store.Types();
        request.Verb = "discovery";
        switch (parts)
        {
            case ["version"]:
                await request.OkAsync(Discovery.Version());
                return;
            case ["healthz" or "livez" or "readyz", ..]:
                request.Context.Response.ContentType = "text/plain";
                await request.Context.Response.WriteAsync("ok");
                return;
            case ["api"]:
                await request.OkAsync(Discovery.CoreVersions(request.Context.Request.Host.Value ?? "127.0.0.1"));
                return;
            case ["api", "v1"]:
                await request.OkAsync(Discovery.Resources(types, "v1"));
                return;
            case ["apis"]:
                await request.OkAsync(Discovery.Groups(types));
                return;
            case ["apis", var group] when types.Any(t => t.Group == group):
                await request.OkAsync(Discovery.Group(types, group));
                return;
            case ["apis", var group, var version] when types.Any(t => t.GroupVersion == $"{group}/{version}"):
                await request.OkAsync(Discovery.Resources(types, $"{group}/{version}"));
                return;
            case ["openapi", "v3"]:
                await request.OkAsync(OpenApi.Root(types));
                return;
            case ["openapi", "v3", .. var rest] when OpenApi.GroupVersion(types, string.Join('/', rest)) is { } doc:
                await request.OkAsync(doc);
                return;
            case ["api", "v1", .. var rest] when ApiRequest.Parse(cluster.Store, "", "v1", rest) is { } api:
                await new ResourceEndpoint(request, api).HandleAsync();
                return;
            case ["apis", var group, var version, .. var rest] when ApiRequest.Parse(cluster.Store, group, version, rest) is { } api:
                await new ResourceEndpoint(request, api).HandleAsync();
                return;
            default:
                throw ApiException.RouteNotFound();
        }
    }

    public static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json.Bytes(body), context.RequestAborted);
    }
}

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

    public async Task<string> BodyAsync()
    {
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
        Annotations);

    public static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);

    public static JsonObject ParseBody(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding body: {e.Message}");
        }
    }
}
