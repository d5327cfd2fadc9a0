using System.Net;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Hosting.Tests;

public sealed class KitBusTests
{
    [Fact]
    public void A_service_without_a_broker_stops_with_one_line_naming_the_setting()
    {
        using var app = BusHost.Build(new Dictionary<string, string?>(), _ => { });

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains("ConnectionStrings__RabbitMq is not set", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_broker_setting_that_is_not_an_amqp_url_is_rejected()
    {
        using var app = BusHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = "http://127.0.0.1:5672" }, _ => { });

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains("amqp://", error);
    }

    [Fact]
    public void A_wrong_retry_setting_names_its_key()
    {
        using var app = BusHost.Build(new Dictionary<string, string?> { ["Kit:Bus:RetryLimit"] = "-1" }, _ => { }, inMemory: true);

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains("Kit__Bus__RetryLimit", error);
    }

    [Fact]
    public async Task The_in_memory_bus_is_used_only_when_the_host_asks_for_it()
    {
        await using var app = BusHost.Build(new Dictionary<string, string?>(), _ => { }, inMemory: true);

        Assert.True(KitApplication.TryValidate(app.Services, out _));
        await app.StartAsync();
        Assert.StartsWith("loopback://", app.Services.GetRequiredService<IBus>().Address.ToString());
        await app.StopAsync();
    }

    [Fact]
    public async Task A_failing_message_is_retried_then_moved_to_the_kebab_case_error_queue_with_a_fault()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        await using var app = BusHost.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString,
                ["Kit:Bus:RetryLimit"] = "2",
                ["Kit:Bus:RetryMinSeconds"] = "0.05",
                ["Kit:Bus:RetryMaxSeconds"] = "0.2",
            },
            x =>
            {
                x.AddConsumer<FailingConsumer>();
                x.AddConsumer<FaultCollector>();
            });
        await app.StartAsync();
        var id = Guid.NewGuid();
        var before = Volatile.Read(ref FailingConsumer.Attempts);

        await app.Services.GetRequiredService<IBus>().Publish(new ImageBuilt
        {
            CorrelationId = id, Image = "registry.example.com/a:1", Repository = "a", Branch = "main",
        });

        await Eventually.HoldsAsync(async () => FaultCollector.Faults.Any(f => f.Message.CorrelationId == id) && await vhost.QueueDepthAsync("failing_error") > 0,
            TimeSpan.FromSeconds(30));

        Assert.Contains(FaultCollector.Faults, f => f.Message.CorrelationId == id && f.Exceptions.Any(e => e.Message.Contains("on fire")));
        Assert.Equal(1, await vhost.QueueDepthAsync("failing_error"));
        Assert.Equal(3, Volatile.Read(ref FailingConsumer.Attempts) - before);
        await app.StopAsync();
    }

    [Fact]
    public async Task Every_service_answers_live_and_ready_health_checks()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        await using var app = BusHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString }, _ => { });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await Eventually.ValueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, ready);
        await app.StopAsync();
    }
}
