using System.Net;
using Kit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Hosting.Tests;

/// <summary><c>/metrics</c>: Prometheus text on the service's port, or on <c>Kit__Metrics__Port</c> only.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_on_the_service_port()
    {
        await using var app = Build([]);
        await app.StartAsync();
        KitMetrics.PushRetries.Add(1);
        using var http = new HttpClient { BaseAddress = Address(app) };

        var metrics = await Eventually.ValueAsync(() => http.GetStringAsync("/metrics"), m => m.Contains("kit_push_retries_total"), TimeSpan.FromSeconds(10));

        Assert.Contains("# TYPE kit_push_retries_total counter", metrics);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", metrics);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_on_the_service_host_and_not_on_the_service_port()
    {
        var port = GitDaemon.FreePort();
        await using var app = Build(new() { ["Kit:Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await app.StartAsync();
        using var service = new HttpClient { BaseAddress = Address(app) };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var own = await metrics.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("# TYPE", await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/health/live")).StatusCode);
        Assert.Contains($"http://127.0.0.1:{port}", app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_metrics_port_out_of_range_stops_the_service_with_one_line_naming_the_setting()
    {
        await using var app = Build(new() { ["Kit:Metrics:Port"] = "70000" });

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains("Kit__Metrics__Port must be a TCP port from 1 to 65535", error);
    }

    static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKitDefaults("metrics-test");
        builder.AddKitBus(_ => { }, inMemoryWhenUnconfigured: true);
        var app = builder.Build();
        app.MapKitHealth();
        app.MapKitMetrics();
        return app;
    }

    static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First(a => !a.EndsWith(":" + app.Configuration["Kit:Metrics:Port"], StringComparison.Ordinal)));
}
