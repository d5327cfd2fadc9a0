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
/// The image-deployer as its Program builds it (image updating, source pinning, commit watching, the webhooks) on
/// 127.0.0.1, with MassTransit's test harness as the bus, over a deployments repository and sources served by git daemon.
/// </summary>
sealed class SourcePinningHost : IAsyncDisposable
{
    public const string Secret = "webhook-s3cret";

    SourcePinningHost(WebApplication app, TempDirectory work, LogCapture logs)
    {
        App = app;
        Work = work;
        Logs = logs;
        Harness = app.Services.GetRequiredService<ITestHarness>();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public WebApplication App { get; }

    public TempDirectory Work { get; }

    public LogCapture Logs { get; }

    public ITestHarness Harness { get; }

    public Uri BaseAddress { get; }

    /// <summary>What was announced besides the tip at start, oldest first.</summary>
    public IReadOnlyList<ManifestsCommitted> Announced() =>
        [.. Harness.Published.Select<ManifestsCommitted>().Select(m => m.Context.Message).Where(m => m.Cause != CommitCause.Startup)];

    /// <param name="repositoryUrl">The deployments repository.</param>
    /// <param name="sourcePollSeconds">Kit:Sources:PollSeconds (0: sources are checked at start and on a webhook only).</param>
    /// <param name="watchPollSeconds">Kit:ImageDeployer:PollSeconds, the deployments repository's watcher (0: at start only).</param>
    public static async Task<SourcePinningHost> StartAsync(string repositoryUrl, double sourcePollSeconds, double watchPollSeconds = 0)
    {
        var work = new TempDirectory();
        var logs = new LogCapture();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repositoryUrl,
            ["Kit:Repository:WorkDirectory"] = work.Path,
            ["Kit:ImageDeployer:WebhookSecret"] = Secret,
            ["Kit:ImageDeployer:PollSeconds"] = watchPollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kit:ImageDeployer:BatchWindowMilliseconds"] = "0",
            ["Kit:Sources:PollSeconds"] = sourcePollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddImageUpdating();
        builder.AddSourcePinning();
        builder.AddCommitWatching();
        builder.Services.AddMassTransitTestHarness(x => x.AddImageUpdatingConsumers());
        var app = builder.Build();
        app.MapGitWebhook();
        app.MapImagesApi();
        app.MapSourceWebhook();
        await app.StartAsync();
        var host = new SourcePinningHost(app, work, logs);
        if (!await Eventually.HoldsAsync(() => host.Harness.Published.Select<ManifestsCommitted>().Any(m => m.Context.Message.Cause == CommitCause.Startup), TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("the watcher did not announce the tip at start");
        }

        // The sources are checked once at start too: tests begin after that, so what they push is a move.
        if (!await Eventually.HoldsAsync(() => host.Logs.Lines.Any(l => l.StartsWith("Checked ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)))
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
