using Kit.Cli.Commands;
using Kit.KubeSim;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Cli.Demo;

/// <summary>A temporary deployments repository, simulated clusters and every service in one process.</summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    public const string NewImage = "registry.example.com/team/hello:1.1.0";

    readonly string root;
    readonly bool keep;

    DemoEnvironment(string root, bool keep, KubeSimServer clusters, WebApplication app, DeploymentProgress progress, IReadOnlyList<string> names)
    {
        this.root = root;
        this.keep = keep;
        Clusters = clusters;
        App = app;
        Progress = progress;
        ClusterNames = names;
    }

    public KubeSimServer Clusters { get; }
    public WebApplication App { get; }
    public DeploymentProgress Progress { get; }
    public IReadOnlyList<string> ClusterNames { get; }
    public string Repository => Path.Combine(root, "deployments.git");
    public string Kubeconfigs => Path.Combine(root, "kubeconfigs");

    public static async Task<DemoEnvironment> StartAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"kit-demo-{Guid.NewGuid():N}"[..17]);
        var sample = await SampleRepository.StartAsync(root, options.Clusters, rolloutSeconds: 2, cancellationToken);
        var (clusters, names) = (sample.Simulator, sample.Names);
        if (options.FailCluster is not null && !names.Contains(options.FailCluster))
        {
            await clusters.DisposeAsync();
            Directory.Delete(root, recursive: true);
            throw new ArgumentException($"--fail-cluster {options.FailCluster}: the demo's clusters are {string.Join(", ", names)}");
        }

        // The failing cluster's API server goes away, as a cluster does when its network breaks.
        if (options.FailCluster is not null)
        {
            clusters.Cluster(options.FailCluster).TakeDown();
        }

        var progress = new DeploymentProgress();
        var request = new UpRequest(Path.Combine(root, "deployments.git"), Path.Combine(root, "kubeconfigs"), "main", 0, null,
            $"Data Source={Path.Combine(root, "tracker.db")}", 0);
        var app = UpCommand.Build(request, x => x.AddConsumer<ProgressConsumer>(), builder =>
        {
            builder.Services.AddSingleton(progress);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // The progress bars are the demo's output; log lines would tear them.
                ["Serilog:MinimumLevel:Default"] = "Error",
                ["Serilog:MinimumLevel:Override:Microsoft"] = "Error",
                ["Serilog:MinimumLevel:Override:MassTransit"] = "Error",
                ["Kit:Repository:WorkDirectory"] = Path.Combine(root, "work"),
                ["Kit:Deployer:FailingPodGraceSeconds"] = "2",
                ["Kit:Deployer:RequestAttempts"] = "3",
                ["Kit:Deployer:PollMilliseconds"] = "200",
                ["Kit:Tracker:DeadlineSeconds"] = "120",
            });
        });
        await app.StartAsync(cancellationToken);
        return new DemoEnvironment(root, options.Keep, clusters, app, progress, names);
    }

    /// <summary>Publishes the new image as CI would; returns the deployment id.</summary>
    public async Task<Guid> PublishAsync(CancellationToken cancellationToken)
    {
        var message = SampleImage.Built(NewImage[(NewImage.LastIndexOf(':') + 1)..], committer: "Kit Demo", email: "demo@kit.local", message: "Say hello faster");
        await App.Services.GetRequiredService<IBus>().Publish(message, cancellationToken);
        return message.CorrelationId;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Clusters.DisposeAsync();
        if (!keep)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Something still holds a file; the temp folder is cleaned by the OS.
            }
        }
    }
}
