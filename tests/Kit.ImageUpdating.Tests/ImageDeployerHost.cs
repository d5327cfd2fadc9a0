using Kit.CommitWatching;
using Kit.Harness;
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

/// <summary>The image-deployer service as its Program builds it, on 127.0.0.1, with MassTransit's test harness as the bus.</summary>
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

    public static WebApplication Build(IDictionary<string, string?> settings, LogCapture? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddImageUpdating();
        builder.AddCommitWatching();
        builder.Services.AddMassTransitTestHarness(x => x.AddImageUpdatingConsumers());
        var app = builder.Build();
        app.MapGitWebhook();
        app.MapImagesApi();
        return app;
    }

    public static async Task<ImageDeployerHost> StartAsync(string repositoryUrl)
    {
        var work = new TempDirectory();
        var logs = new LogCapture();
        var app = Build(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repositoryUrl,
            ["Kit:Repository:WorkDirectory"] = work.Path,
            ["Kit:ImageDeployer:WebhookSecret"] = Secret,
            ["Kit:ImageDeployer:ApiToken"] = ApiToken,
            ["Kit:ImageDeployer:PollSeconds"] = "0",
            ["Kit:ImageDeployer:BatchWindowMilliseconds"] = "0",
        }, logs);
        await app.StartAsync();
        return new ImageDeployerHost(app, work, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Work.Dispose();
    }
}
