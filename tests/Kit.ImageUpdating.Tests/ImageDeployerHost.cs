using System.Globalization;
using Kit.CommitWatching;
using Kit.CommitWatching.Sources;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kit.ImageUpdating.Tests;

/// <summary>
/// The image-deployer service as its Program builds it (image updating, commit watching, the webhooks and, when asked,
/// source pinning), on 127.0.0.1, with MassTransit's test harness as the bus.
/// </summary>
sealed class ImageDeployerHost : IAsyncDisposable
{
    public const string Secret = "webhook-s3cret";

    public const string ApiToken = "api-t0ken";

    ImageDeployerHost(WebApplication app, TempDirectory work, LogCapture logs)
    {
        Logs = logs;
        App = app;
        Work = work;
        Harness = app.Services.GetRequiredService<ITestHarness>();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public WebApplication App { get; }

    public TempDirectory Work { get; }

    public ITestHarness Harness { get; }

    public Uri BaseAddress { get; }

    public LogCapture Logs { get; }

    /// <summary>What the service announced besides the tip at start, oldest first.</summary>
    public IReadOnlyList<ManifestsCommitted> Announced() =>
        [.. Harness.Published.Select<ManifestsCommitted>().Select(m => m.Context.Message).Where(m => m.Cause != CommitCause.Startup)];

    /// <summary>Whether the service announced anything besides the tip at start (waits as the harness does).</summary>
    public Task<bool> AnnouncedAnyAsync(Func<ManifestsCommitted, bool>? match = null) =>
        Harness.Published.Any<ManifestsCommitted>(m => m.Context.Message.Cause != CommitCause.Startup && (match?.Invoke(m.Context.Message) ?? true));

    public static WebApplication Build(IDictionary<string, string?> settings, LogCapture? logs = null, bool sourcePinning = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddImageUpdating();
        if (sourcePinning)
        {
            builder.AddSourcePinning();
        }

        builder.AddCommitWatching();
        builder.Services.AddMassTransitTestHarness(x => x.AddImageUpdatingConsumers());
        var app = builder.Build();
        app.MapGitWebhook();
        app.MapImagesApi();
        if (sourcePinning)
        {
            app.MapSourceWebhook();
        }

        return app;
    }

    public static Task<ImageDeployerHost> StartAsync(string repositoryUrl) => StartAsync(repositoryUrl, watchPollSeconds: 0, sourcePollSeconds: null);

    /// <summary>The service with source pinning, over a deployments repository whose sources git daemon serves.</summary>
    /// <param name="repositoryUrl">The deployments repository.</param>
    /// <param name="sourcePollSeconds">Kit:Sources:PollSeconds (0: sources are checked at start and on a webhook only).</param>
    /// <param name="watchPollSeconds">Kit:ImageDeployer:PollSeconds, the deployments repository's watcher (0: at start only).</param>
    public static Task<ImageDeployerHost> StartWithSourcesAsync(string repositoryUrl, double sourcePollSeconds, double watchPollSeconds = 0) =>
        StartAsync(repositoryUrl, watchPollSeconds, sourcePollSeconds);

    static async Task<ImageDeployerHost> StartAsync(string repositoryUrl, double watchPollSeconds, double? sourcePollSeconds)
    {
        var work = new TempDirectory();
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repositoryUrl,
            ["Kit:Repository:WorkDirectory"] = work.Path,
            ["Kit:ImageDeployer:WebhookSecret"] = Secret,
            ["Kit:ImageDeployer:ApiToken"] = ApiToken,
            ["Kit:ImageDeployer:PollSeconds"] = watchPollSeconds.ToString(CultureInfo.InvariantCulture),
            ["Kit:ImageDeployer:BatchWindowMilliseconds"] = "0",
        };
        if (sourcePollSeconds is { } poll)
        {
            settings["Kit:Sources:PollSeconds"] = poll.ToString(CultureInfo.InvariantCulture);
        }

        var app = Build(settings, logs, sourcePinning: sourcePollSeconds is not null);
        await app.StartAsync();
        var host = new ImageDeployerHost(app, work, logs);

        // The watcher announces the tip once it has started: tests begin after that, so what they push is new.
        if (!await Eventually.HoldsAsync(() => host.Harness.Published.Select<ManifestsCommitted>().Any(m => m.Context.Message.Cause == CommitCause.Startup), TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("the watcher did not announce the tip at start");
        }

        // The sources are checked once at start too: what a test pushes after that is a move.
        if (sourcePollSeconds is not null
            && !await Eventually.HoldsAsync(() => host.Logs.Lines.Any(l => l.StartsWith("Checked ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("the sources were not checked at start");
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Work.Dispose();
    }
}
