using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kit.KubeSim;

/// <summary>
/// The Kubernetes API simulator: one Kestrel listener on 127.0.0.1 serving many clusters under
/// /clusters/&lt;name&gt;. Start it with <see cref="StartAsync"/>, dispose it to stop.
/// </summary>
public sealed class KubeSimServer : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, KubeSimCluster> clusters = new(StringComparer.Ordinal);
    readonly List<string> order = [];
    readonly KubeSimOptions options;
    readonly WebApplication app;
    readonly RolloutController rollouts;
    int stopped;

    KubeSimServer(KubeSimOptions options, WebApplication app, string baseUrl, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        Certificate = certificate;
        this.options = options;
        this.app = app;
        BaseUrl = baseUrl;
        rollouts = new RolloutController(options);
    }

    /// <summary>The self-signed serving certificate; kubeconfigs carry it as certificate-authority-data.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; }

    /// <summary>https://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public IReadOnlyList<string> ClusterNames
    {
        get
        {
            lock (order)
            {
                return [.. order];
            }
        }
    }

    public IReadOnlyList<KubeSimCluster> Clusters => [.. ClusterNames.Select(n => clusters[n])];

    public KubeSimOptions Options => options;

    public static async Task<KubeSimServer> StartAsync(KubeSimOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = options.ClusterNames();
        foreach (var name in names)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") || name.Length > 63)
            {
                throw new ArgumentException($"cluster name \"{name}\" is not a DNS-1123 label", nameof(options));
            }
        }

        if (names.Distinct().Count() != names.Count)
        {
            throw new ArgumentException("cluster names must be unique", nameof(options));
        }

        var certificate = ServingCertificate.Create();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            // HTTP/1.1 only: dropping a connection is then what a client sees from a dead server.
            k.Listen(IPAddress.Loopback, options.Port, l =>
            {
                l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;
                l.UseHttps(certificate);
            });
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        KubeSimServer? server = null;
        app.Run(context => server!.handler!.HandleAsync(context));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server = new KubeSimServer(options, app, $"https://127.0.0.1:{port}", certificate);
        server.handler = new ApiHandler(server, options);
        foreach (var name in names)
        {
            server.AddCluster(name);
        }

        return server;
    }

    ApiHandler? handler;

    /// <summary>Adds a cluster while running (and writes its kubeconfig), as a new cluster joining the fleet.</summary>
    public KubeSimCluster AddCluster(string name)
    {
        var cluster = new KubeSimCluster(name, $"{BaseUrl}/clusters/{name}", options.RequestLogLimit, Certificate);
        if (!clusters.TryAdd(name, cluster))
        {
            throw new ArgumentException($"cluster \"{name}\" already exists", nameof(name));
        }

        lock (order)
        {
            order.Add(name);
        }

        rollouts.Attach(cluster);
        if (options.KubeconfigDirectory is { } dir)
        {
            cluster.KubeconfigPath = Kubeconfig.Write(dir, cluster, ServingCertificate.PemBase64(Certificate));
        }

        return cluster;
    }

    public KubeSimCluster Cluster(string name) =>
        clusters.TryGetValue(name, out var cluster) ? cluster : throw new ArgumentException($"no simulated cluster \"{name}\"", nameof(name));

    internal KubeSimCluster? FindCluster(string name) => clusters.GetValueOrDefault(name);

    /// <summary>DIR/&lt;cluster&gt;.yaml for a cluster; throws when no kubeconfig directory was given.</summary>
    public string KubeconfigPath(string cluster) =>
        Cluster(cluster).KubeconfigPath ?? throw new InvalidOperationException("KubeSimOptions.KubeconfigDirectory was not set");

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        foreach (var cluster in clusters.Values)
        {
            cluster.Store.CloseWatchers();
        }

        await rollouts.DisposeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
