using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One simulated cluster: its credentials, its objects, its request log, and the switch that takes it down.</summary>
public sealed class KubeSimCluster
{
    readonly ConcurrentQueue<RequestLogEntry> log = new();
    readonly int logLimit;
    volatile bool down;

    readonly System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;

    internal KubeSimCluster(string name, string serverUrl, int logLimit, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        this.certificate = certificate;
        Name = name;
        ServerUrl = serverUrl;
        Token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        this.logLimit = logLimit;
        Store = new ObjectStore();
        Operations = new ResourceOperations(Store);
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Operations.Create(BuiltInResources.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, "kube-apiserver", dryRun: false);
        }
    }

    public string Name { get; }

    /// <summary>The API server URL of this cluster (base URL plus /clusters/&lt;name&gt;).</summary>
    public string ServerUrl { get; }

    /// <summary>The bearer token this cluster accepts; any other gets 401.</summary>
    public string Token { get; }

    /// <summary>The kubeconfig written for this cluster, when a directory was given.</summary>
    public string? KubeconfigPath { get; internal set; }

    public bool IsDown => down;

    internal ObjectStore Store { get; }

    internal ResourceOperations Operations { get; }

    /// <summary>Every request now fails at the connection level (the connection is dropped), as a dead API server does.</summary>
    public void TakeDown()
    {
        down = true;
        Store.CloseWatchers();
    }

    public void BringUp() => down = false;

    /// <summary>Fraction (0..1) of this cluster's API requests answered with a 500, on top of the server-wide rate.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Requests answered so far, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> RequestLog => [.. log];

    public void ClearRequestLog() => log.Clear();

    internal void Record(RequestLogEntry entry)
    {
        log.Enqueue(entry);
        while (log.Count > logLimit && log.TryDequeue(out _))
        {
        }
    }

    /// <summary>The stored object, or null; resource is a kind, plural or short name ("Deployment", "deployments", "deploy").</summary>
    public JsonObject? Get(string resource, string? ns, string name) =>
        Store.Get(Resolve(resource), ns, name)?.Parse();

    /// <summary>The stored objects of one resource, in one namespace or all.</summary>
    public IReadOnlyList<JsonObject> List(string resource, string? ns = null) =>
        [.. Store.List(Resolve(resource), ns).Select(o => o.Parse())];

    /// <summary>Number of stored objects of every kind, namespaces included.</summary>
    public int ObjectCount => Store.Count;

    /// <summary>
    /// Every stored object as its stored bytes, with its resourceVersion, plus the cluster's resourceVersion counter:
    /// two equal snapshots mean nothing was created, changed or deleted in between.
    /// </summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (Store.Gate)
        {
            return
            [
                $"resourceVersion {Store.ResourceVersion}",
                .. Store.All()
                    .Select(o => $"{o.Type.QualifiedPlural} {StoredObject.Key(o.Namespace, o.Name)} {o.ResourceVersion}: {System.Text.Encoding.UTF8.GetString(o.Json)}")
                    .Order(StringComparer.Ordinal),
            ];
        }
    }

    /// <summary>Server-side applies one object (YAML or JSON) as <paramref name="fieldManager"/>, the way a test seeds a cluster.</summary>
    public JsonObject Apply(string manifest, string fieldManager = "kubesim-test", bool force = false)
    {
        var obj = YamlJson.ParseObject(manifest);
        var kind = Json.Str(obj, "kind") ?? throw new ArgumentException("the manifest has no kind", nameof(manifest));
        var apiVersion = Json.Str(obj, "apiVersion");
        var type = Store.Types().FirstOrDefault(t => t.Kind == kind && t.ApiVersion == apiVersion) ?? Resolve(kind);
        var ns = type.Namespaced ? Json.Str(obj, "metadata", "namespace") ?? "default" : null;
        return Operations.Apply(type, ns, Json.Str(obj, "metadata", "name") ?? "", obj, fieldManager, force, dryRun: false, statusWrite: false).Parse();
    }

    /// <summary>Deletes an object and its dependents; false when it did not exist.</summary>
    public bool Delete(string resource, string? ns, string name)
    {
        var type = Resolve(resource);
        if (Store.Get(type, ns, name) is null)
        {
            return false;
        }

        Operations.Delete(type, ns, name, "Background", null, null, dryRun: false);
        return true;
    }

    /// <summary>An HttpClient for this cluster's API: base address, bearer token, and trust in the simulator's certificate.</summary>
    public HttpClient CreateHttpClient()
    {
        var thumbprint = certificate.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == thumbprint },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(ServerUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    internal ResourceType Resolve(string resource) =>
        Store.Types().FirstOrDefault(t => t.Matches(resource)) ?? throw new ArgumentException($"unknown resource \"{resource}\"", nameof(resource));
}
