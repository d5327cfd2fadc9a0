using Kit.Notifying;
using Kit.Tracking;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kit.Testing.Tracking;

/// <summary>The tracker and the notifier, with their production registrations, on MassTransit's in-memory test harness.</summary>
public sealed class PipelineHost : IAsyncDisposable
{
    readonly IHost host;

    PipelineHost(IHost host) => this.host = host;

    public ITestHarness Harness => host.Services.GetRequiredService<ITestHarness>();

    public IServiceProvider Services => host.Services;

    public static async Task<PipelineHost> StartAsync(TestDatabase database, IDictionary<string, string?> settings, bool tracker = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:Tracker"] = database.ConnectionString,
        });
        if (tracker)
        {
            builder.AddTracking();
        }

        builder.AddNotifying();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            if (tracker)
            {
                x.AddTrackingConsumers();
            }

            x.AddNotifyingConsumers();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host);
    }

    public Task PublishAsync<T>(T message)
        where T : class => Harness.Bus.Publish(message);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stop.Token);
        host.Dispose();
    }
}
