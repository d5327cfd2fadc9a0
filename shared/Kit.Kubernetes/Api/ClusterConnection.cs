using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Api;

/// <summary>
/// One cluster's API, reused across deployments: KubernetesClient's transport and credentials,
/// plain REST for every kind (found by discovery, so custom resources work), retries with backoff
/// when the cluster is down or answers 5xx.
/// </summary>
public sealed class ClusterConnection(string cluster, string @namespace, k8s.Kubernetes client, ClusterAccessSettings settings) : IDisposable
{
    // Above kit's YAML limit with room for what the API adds (managedFields mirror the object, a list wraps
    // it); JsonNode.Parse's default of 64 would turn a deep but valid object into an error message.
    static readonly JsonDocumentOptions ResponseJson = new() { MaxDepth = 256 };
    static long totalRequests;
    static long totalApplies;
    readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>> discovery = new(StringComparer.Ordinal);

    public string Cluster { get; } = cluster;

    /// <summary>The kubeconfig context's namespace.</summary>
    public string Namespace { get; } = @namespace;

    /// <summary>Requests sent by every connection of the process (for benchmarks).</summary>
    public static long TotalRequests => Interlocked.Read(ref totalRequests);

    /// <summary>Server-side applies that write (no dry run) sent by every connection of the process (for benchmarks).</summary>
    public static long TotalApplies => Interlocked.Read(ref totalApplies);

    public Task<KubeResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    /// <summary>Sends one request; with <paramref name="readBody"/> false a successful answer's body is skipped (applies at scale).</summary>
    public Task<KubeResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken cancellationToken, bool readBody = true) =>
        ExchangeAsync(method, path, body, contentType, async (response, token) => !readBody && response.IsSuccessStatusCode
            ? new KubeResponse(response.StatusCode, null)
            : new KubeResponse(response.StatusCode, await ReadJsonAsync(response, token)), cancellationToken);

    /// <summary>
    /// A GET whose successful answer <paramref name="read"/> takes as a parsed document, field by field, before the
    /// document is let go: nothing of a large list is turned into objects that <paramref name="read"/> does not
    /// keep. Any other answer is the response <see cref="GetAsync"/> gives, and no result.
    /// </summary>
    public Task<(KubeResponse Response, T? Result)> ReadAsync<T>(string path, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, null, read, cancellationToken);

    /// <summary>
    /// A request whose successful answer <paramref name="read"/> takes as a parsed document (the response then has no
    /// body); any other answer is the response <see cref="SendAsync(HttpMethod, string, JsonNode?, string?, CancellationToken, bool)"/> gives, and no result.
    /// </summary>
    public Task<(KubeResponse Response, T? Result)> SendAsync<T>(HttpMethod method, string path, JsonNode? body, string? contentType, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        ExchangeAsync<(KubeResponse, T?)>(method, path, body, contentType, async (response, token) =>
        {
            if (!response.IsSuccessStatusCode)
            {
                return (new KubeResponse(response.StatusCode, await ReadJsonAsync(response, token)), default);
            }

            using var body = await ResponseBody.ReadAsync(response, token);
            try
            {
                using var document = JsonDocument.Parse(body.Memory, ResponseJson);
                return (new KubeResponse(response.StatusCode, null), read(document.RootElement));
            }
            catch (JsonException e)
            {
                throw new KubeApiException(response.StatusCode, "InvalidResponse", $"cluster {Cluster} answered {method} {path} with something that is not JSON: {e.Message}");
            }
        }, cancellationToken);

    async Task<T> ExchangeAsync<T>(HttpMethod method, string path, JsonNode? body, string? contentType, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        // UTF-8 straight from the tree: no string of the body is made on the way to the wire.
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body);
        string? last = null;
        Exception? lastException = null;
        for (var attempt = 1; attempt <= settings.RequestAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }

            using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
            if (payload is not null)
            {
                request.Content = new ByteArrayContent(payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            if (client.Credentials is not null)
            {
                await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref totalRequests);
            if (method == HttpMethod.Patch && contentType == "application/apply-patch+yaml" && !path.Contains("dryRun=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref totalApplies);
            }

            // Headers first, then the body read here into a pooled buffer: HttpClient's own buffering would copy each
            // answer once more into an array of its own. The request's timeout covers the headers and the body (the
            // client's HttpClient has none: KubernetesClient applies its own only to its generated calls).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
            try
            {
                using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    continue;
                }

                return await read(response, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                last = e.Message;
                lastException = e;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = "request timed out";
                lastException = e;
            }
        }

        throw new ClusterUnreachableException($"cluster {Cluster} unreachable after {settings.RequestAttempts} attempts ({method} {path}): {last}", lastException);
    }

    /// <summary>
    /// Where the API serves a kind: a well-known kind without asking; otherwise by discovery, refreshed once
    /// for a kind it does not know yet (a CRD just established).
    /// </summary>
    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        if (WellKnownResources.TryGet(apiVersion, kind, out var known))
        {
            return known;
        }

        var resources = await DiscoverAsync(apiVersion, cancellationToken);
        if (!resources.ContainsKey(kind))
        {
            discovery.TryRemove(apiVersion, out _);
            resources = await DiscoverAsync(apiVersion, cancellationToken);
        }

        return resources.TryGetValue(kind, out var resource)
            ? resource
            : throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"cluster {Cluster} serves no kind {kind} in {apiVersion}");
    }

    async Task<IReadOnlyDictionary<string, ApiResource>> DiscoverAsync(string apiVersion, CancellationToken cancellationToken)
    {
        var lazy = discovery.GetOrAdd(apiVersion, v => new Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>(() => FetchAsync(v, cancellationToken)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            discovery.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>>(apiVersion, lazy));
            throw;
        }
    }

    async Task<IReadOnlyDictionary<string, ApiResource>> FetchAsync(string apiVersion, CancellationToken cancellationToken)
    {
        var path = apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";
        var response = await GetAsync(path, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return new Dictionary<string, ApiResource>();
        }

        var body = response.Ensure($"discovery of {apiVersion} on cluster {Cluster}");
        var result = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        foreach (var item in body["resources"]?.AsArray() ?? [])
        {
            var name = item?["name"]?.GetValue<string>();
            var kind = item?["kind"]?.GetValue<string>();
            if (name is null || kind is null || name.Contains('/'))
            {
                continue;
            }

            result.TryAdd(kind, new ApiResource(apiVersion, kind, name, item?["namespaced"]?.GetValue<bool>() ?? false));
        }

        return result;
    }

    TimeSpan Backoff(int attempt)
    {
        var delay = settings.RetryDelayMilliseconds * Math.Pow(2, attempt - 2);
        return TimeSpan.FromMilliseconds(Math.Min(delay, 10_000) * (0.75 + Random.Shared.NextDouble() * 0.5));
    }

    /// <summary>The body as JSON, parsed from its UTF-8 bytes as they were read (no string of it is made); a body that is not JSON becomes a message.</summary>
    static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = await ResponseBody.ReadAsync(response, cancellationToken);
        if (body.Memory.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body.Memory.Span, documentOptions: ResponseJson);
        }
        catch (JsonException)
        {
            var text = Encoding.UTF8.GetString(body.Memory.Span);
            return string.IsNullOrWhiteSpace(text) ? null : new JsonObject { ["message"] = text.Length > 300 ? text[..300] : text };
        }
    }

    public void Dispose() => client.Dispose();
}
