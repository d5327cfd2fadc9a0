using System.Net;
using Kit.Harness;
using Kit.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Hosting.Tests;

/// <summary><c>Kit__Bus__Password</c>: the broker password from a secrets file instead of the URL.</summary>
public sealed class BrokerPasswordTests
{
    [Fact]
    public async Task The_password_setting_replaces_the_one_in_the_broker_url()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        var withoutPassword = vhost.ConnectionString.Replace("guest:guest@", "guest:not-the-password@");
        await using var app = BusHost.Build(
            new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = withoutPassword, ["Kit:Bus:Password"] = "guest" }, _ => { });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var ready = await Eventually.ValueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, ready);
        await app.StopAsync();
    }

    [Fact]
    public void A_password_with_url_characters_is_escaped_and_the_user_kept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "amqp://kit@rabbitmq:5672/prod",
            ["Kit:Bus:Password"] = "p@ss:w/rd%",
        }).Build();

        var broker = KitConnection.RabbitMq(configuration)!;

        Assert.Equal("kit:p%40ss%3Aw%2Frd%25", broker.UserInfo);
        Assert.Equal("p@ss:w/rd%", Uri.UnescapeDataString(broker.UserInfo.Split(':')[1]));
        Assert.Equal(("rabbitmq", 5672, "/prod"), (broker.Host, broker.Port, broker.AbsolutePath));
        Assert.Equal("amqp://rabbitmq:5672/prod", KitConnection.Redact(broker));
    }

    [Fact]
    public void A_password_without_a_user_name_in_the_url_names_both_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "amqp://rabbitmq:5672/",
            ["Kit:Bus:Password"] = "secret",
        }).Build();

        var error = Assert.Throws<KitConfigurationException>(() => KitConnection.RabbitMq(configuration));

        Assert.Contains("Kit__Bus__Password", error.Message);
        Assert.Contains("ConnectionStrings__RabbitMq", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
