using Kit.Hosting;
using Kit.Tracking;
using Kit.Tracking.Api;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kit.Testing.Tracking;

/// <summary>The tracker exactly as its Program.cs builds it, on the in-memory bus and a free port of 127.0.0.1.</summary>
public sealed class TrackerApp : IAsyncDisposable
{
    readonly WebApplication app;

    TrackerApp(WebApplication app, Uri address)
    {
        this.app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    public IBus Bus => app.Services.GetRequiredService<IBus>();

    public Uri Address => Http.BaseAddress!;

    public static async Task<TrackerApp> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Tracker"] = database.ConnectionString,
        });
        builder.AddKitDefaults(TrackingRegistration.ServiceName);
        builder.AddTracking();
        builder.AddKitBus(x => x.AddTrackingConsumers(), inMemoryWhenUnconfigured: true);
        var app = builder.Build();
        app.MapKitHealth();
        app.MapTrackerApi();
        Assert.True(KitApplication.TryValidate(app.Services, out var error), error);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TrackerApp(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
