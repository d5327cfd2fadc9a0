using System.Security.Cryptography;
using System.Text;
using Kit.Contracts;
using Kit.Harness;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Kit.KubeSim;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kit.Deploying.Tests;

/// <summary>Simulated clusters on 127.0.0.1 with their kubeconfigs in a temp folder, and deployers that use them.</summary>
sealed class Fleet : IAsyncDisposable
{
    readonly TempDirectory directory = new("kit-fleet");
    readonly List<ClusterConnections> connections = [];

    Fleet(DeployerSettings settings) => Settings = settings;

    public KubeSimServer Server { get; private set; } = null!;

    public DeployerSettings Settings { get; }

    public string KubeconfigDirectory => directory.Path;

    public static async Task<Fleet> StartAsync(string[] clusters, Func<KubeSimOptions, KubeSimOptions>? simulator = null, Action<DeployerSettings>? deployer = null)
    {
        var settings = new DeployerSettings
        {
            PollMilliseconds = 50,
            RolloutTimeoutSeconds = 30,
            FailingPodGraceSeconds = 1,
            RequestAttempts = 3,
            RetryDelayMilliseconds = 20,
            RequestTimeoutSeconds = 5,
            WaitTimeoutSeconds = 10,
        };
        deployer?.Invoke(settings);
        var fleet = new Fleet(settings);
        settings.Kubeconfigs = fleet.directory.Path;
        var options = new KubeSimOptions { Names = clusters, KubeconfigDirectory = fleet.directory.Path, RolloutSeconds = 0.1 };
        fleet.Server = await KubeSimServer.StartAsync(simulator?.Invoke(options) ?? options);
        return fleet;
    }

    public KubeSimCluster this[string cluster] => Server.Cluster(cluster);

    /// <summary>A deployer instance of its own (its own clients, locks and claim id), as another worker process would be.</summary>
    public ClusterDeployer NewDeployer()
    {
        var options = Options.Create(Settings);
        var clients = new ClusterConnections(options);
        connections.Add(clients);
        return new ClusterDeployer(new KubeconfigDirectory(options, NullLogger<KubeconfigDirectory>.Instance), clients, options, NullLogger<ClusterDeployer>.Instance);
    }

    /// <summary>A client of one cluster, as a deployer makes it from the cluster's kubeconfig.</summary>
    public async Task<ClusterConnection> ConnectAsync(string cluster)
    {
        var options = Options.Create(Settings);
        var clients = new ClusterConnections(options);
        connections.Add(clients);
        var entry = await new KubeconfigDirectory(options, NullLogger<KubeconfigDirectory>.Instance).FindAsync(cluster, CancellationToken.None);
        return clients.Get(entry ?? throw new InvalidOperationException($"no kubeconfig for {cluster}"));
    }

    public static ManifestsRendered Message(string cluster, long sequence, string yaml, string? strategy = null, string? deployId = null) => new()
    {
        CorrelationId = Guid.NewGuid(),
        Cluster = cluster,
        Repository = "deployments",
        Ref = "refs/heads/main",
        CommitSha = $"{sequence:x4}".PadLeft(40, 'c'),
        Sequence = sequence,
        Digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))),
        Manifests = [new RenderedManifest { FileName = "all.yaml", Content = yaml }],
        Strategy = strategy,
        DeployId = deployId,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var clients in connections)
        {
            clients.Dispose();
        }

        await Server.DisposeAsync();
        directory.Dispose();
    }
}
