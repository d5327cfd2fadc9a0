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

            var errorRate = Math.Max(options.ErrorRate, cluster.ErrorRate);
            if (errorRate > 0 && Random.Shared.NextDouble() < errorRate && !request.IsDiscovery)
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Bad input must never take the simulator down: answer as the API server's panic handler does.
            request.Status = 500;
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, 500, new ApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}").Status());
            }
        }

        cluster.Record(request.Entry());
    }

    static async Task RouteAsync(RequestContext request, string[] parts)
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
            case ["openapi", "v2"]:
                await OpenApiV2Async(request, cluster);
                return;
            case ["openapi", "v3"]:
                await request.OkAsync(OpenApi.Root(cluster.Store));
                return;
            case ["openapi", "v3", .. var rest] when OpenApi.V3(cluster.Store, string.Join('/', rest)) is { } doc:
                await request.OkAsync(doc.Json);
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

    /// <summary>
    /// As kube-openapi's handler: the first Accept clause (by q, then the most specific) that JSON or either protobuf
    /// type matches wins, no Accept means */*, and nothing acceptable is a bare 406.
    /// </summary>
    static async Task OpenApiV2Async(RequestContext request, KubeSimCluster cluster)
    {
        var response = request.Context.Response;
        response.Headers.Vary = "Accept";
        var accept = request.Context.Request.Headers.Accept.ToString();
        string[] served = ["application/json", OpenApiProtobuf.DeprecatedMediaType, OpenApiProtobuf.MediaType];
        var chosen = AcceptClauses(accept.Length == 0 ? "*/*" : accept)
            .Select(clause => served.FirstOrDefault(type => Matches(clause, type)))
            .FirstOrDefault(type => type is not null);
        if (chosen is null)
        {
            request.Status = response.StatusCode = 406;
            return;
        }

        var document = OpenApi.V2(cluster.Store);
        if (chosen == "application/json")
        {
            await request.OkAsync(document.Json);
            return;
        }

        response.StatusCode = 200;
        response.ContentType = OpenApiProtobuf.MediaType;
        await response.Body.WriteAsync(document.Protobuf, request.Context.RequestAborted);
    }

    static IEnumerable<string> AcceptClauses(string accept) =>
        accept.Split(',')
            .Select(a => a.Split(';'))
            .Select(parts => (Type: parts[0].Trim(), Q: parts.Skip(1).Select(p => p.Trim()).Where(p => p.StartsWith("q=", StringComparison.Ordinal))
                .Select(p => double.TryParse(p[2..], System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : 1).FirstOrDefault(1)))
            .Where(c => c.Type.Length > 0)
            .OrderByDescending(c => c.Q)
            .ThenBy(c => c.Type.StartsWith('*') ? 2 : c.Type.EndsWith("/*", StringComparison.Ordinal) ? 1 : 0)
            .Select(c => c.Type);

    static bool Matches(string clause, string type) =>
        clause == "*/*" || clause == "*" || string.Equals(clause, type, StringComparison.OrdinalIgnoreCase)
        || (clause.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(clause[..^1], StringComparison.OrdinalIgnoreCase));

    public static async Task WriteAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json.Bytes(body), context.RequestAborted);
    }
}
