using Kit.Cli.Demo;
using Kit.Contracts;
using Kit.Deploying;
using Kit.ImageUpdating;
using Kit.Notifying;
using Kit.Rendering;
using Kit.Testing;
using Kit.Tracking;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.EndToEnd.Tests;

/// <summary>
/// The five services (those not run as processes by the test) in-process over one broker, plus a probe that
/// records every deployment's events, all with the settings the end-to-end test uses.
/// </summary>
sealed class Fleet : IAsyncDisposable
{
    readonly List<WebApplication> hosts = [];

    Fleet(Pipeline pipeline, string rabbitMq, string slack, IReadOnlyDictionary<string, string?>? common)
    {
        Pipeline = pipeline;
        RabbitMq = rabbitMq;
        Slack = slack;
        Common = common ?? new Dictionary<string, string?>();
    }

    public Pipeline Pipeline { get; }
    public string RabbitMq { get; }
    public string Slack { get; }

    /// <summary>Settings every service gets besides its own (e.g. <c>Seq:ServerUrl</c>).</summary>
    public IReadOnlyDictionary<string, string?> Common { get; }
    public DeploymentProgress Progress { get; } = new();
    public Completions Completions { get; } = new();
    public IBus Bus => hosts[^1].Services.GetRequiredService<IBus>();

    /// <summary>
    /// Waits for the deployment's <c>DeploymentCompleted</c>, then a little longer so that a duplicate would be
    /// counted too; returns it and how many times it arrived.
    /// </summary>
    public async Task<(DeploymentCompleted Completed, int Times)> CompletedAsync(Guid deploymentId, TimeSpan deadline)
    {
        var completed = await Progress.CompletedAsync(deploymentId, deadline);
        await Eventually.HoldsAsync(() => Completions.Count(deploymentId) > 0, TimeSpan.FromSeconds(10));

        await Task.Delay(TimeSpan.FromSeconds(2));
        return (completed, Completions.Count(deploymentId));
    }

    /// <summary>Starts every service except <paramref name="without"/> (run elsewhere by the test), then the probe.</summary>
    public static Task<Fleet> StartAsync(Pipeline pipeline, string rabbitMq, string slack, params string[] without) =>
        StartAsync(pipeline, rabbitMq, slack, null, without);

    /// <summary>As above, with <paramref name="common"/> settings given to every service.</summary>
    public static async Task<Fleet> StartAsync(Pipeline pipeline, string rabbitMq, string slack, IReadOnlyDictionary<string, string?>? common, params string[] without)
    {
        var fleet = new Fleet(pipeline, rabbitMq, slack, common);
        try
        {
            foreach (var service in (string[])[ImageUpdatingRegistration.ServiceName, RenderingRegistration.ServiceName, DeployingRegistration.ServiceName, TrackingRegistration.ServiceName, NotifyingRegistration.ServiceName])
            {
                if (!without.Contains(service))
                {
                    fleet.hosts.Add(await fleet.StartServiceAsync(service, fleet.Settings(service)));
                }
            }

            fleet.hosts.Add(await ServiceHost.StartAsync("probe", fleet.Settings("probe"),
                b =>
                {
                    b.Services.AddSingleton(fleet.Progress);
                    b.Services.AddSingleton(fleet.Completions);
                    return b;
                },
                x =>
                {
                    x.AddConsumer<ProgressConsumer>();
                    x.AddConsumer<CompletionCounter>();
                }));
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>One service's settings; <paramref name="instance"/> keeps the git work directories of two instances apart.</summary>
    public Dictionary<string, string?> Settings(string service, string instance = "")
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = RabbitMq,
            ["Kit:Bus:RetryLimit"] = "3",
            ["Kit:Bus:RetryMinSeconds"] = "0.1",
            ["Kit:Bus:RetryMaxSeconds"] = "1",
        };
        foreach (var (key, value) in Common)
        {
            settings[key] = value;
        }

        switch (service)
        {
            case "image-deployer":
            case "deploymentizer":
                settings["Kit:Repository:Url"] = Pipeline.Repository;
                settings["Kit:Repository:Branch"] = "main";
                settings["Kit:Repository:WorkDirectory"] = Pipeline.Root.Combine($"work-{service}{instance}");
                if (service == "image-deployer")
                {
                    settings["Kit:ImageDeployer:PollSeconds"] = "0";
                }

                break;
            case "deployer":
                settings["Kit:Deployer:Kubeconfigs"] = Pipeline.Kubeconfigs;
                settings["Kit:Deployer:PollMilliseconds"] = "100";
                settings["Kit:Deployer:RetryDelayMilliseconds"] = "100";
                settings["Kit:Deployer:LeaseSeconds"] = "6";
                break;
            case "tracker":
                settings["ConnectionStrings:Tracker"] = $"Data Source={Pipeline.Root.Combine("tracker.db")}";
                break;
            case "notifier":
                settings["Kit:Slack:WebhookUrl"] = Slack;
                break;
        }

        return settings;
    }

    Task<WebApplication> StartServiceAsync(string service, Dictionary<string, string?> settings) => service switch
    {
        "image-deployer" => ServiceHost.StartAsync(service, settings, b => b.AddImageUpdating(), x => x.AddImageUpdatingConsumers()),
        "deploymentizer" => ServiceHost.StartAsync(service, settings, b => b.AddRendering(), x => x.AddRenderingConsumers()),
        "deployer" => ServiceHost.StartAsync(service, settings, b => b.AddDeploying(), x => x.AddDeployingConsumers()),
        "tracker" => ServiceHost.StartAsync(service, settings, b => b.AddTracking(), x => x.AddTrackingConsumers()),
        "notifier" => ServiceHost.StartAsync(service, settings, b => b.AddNotifying(), x => x.AddNotifyingConsumers()),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await host.DisposeAsync();
        }
    }
}
