using Kit.Harness;
using Microsoft.Extensions.Configuration;

namespace Kit.Hosting.Tests;

/// <summary>`--health-check` asks the address the server really listens on.</summary>
public sealed class HealthProbeTests
{
    static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:9000;http://+:9001", "http://127.0.0.1:9000/")]
    [InlineData("http://0.0.0.0:8081/", "http://127.0.0.1:8081/")]
    [InlineData("http://127.0.0.1:5103", "http://127.0.0.1:5103/")]
    public void Urls_win_over_http_ports_and_wildcards_are_asked_on_loopback(string urls, string expected)
    {
        Assert.Equal(new Uri(expected), HealthProbe.Address(Settings(("Urls", urls), ("HTTP_PORTS", "7000"))));
    }

    [Fact]
    public void Without_urls_the_first_http_port_is_asked_else_8080()
    {
        Assert.Equal(new Uri("http://127.0.0.1:7000/"), HealthProbe.Address(Settings(("HTTP_PORTS", "7000;7001"))));
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), HealthProbe.Address(Settings()));
    }

    [Fact]
    public async Task The_probe_exits_zero_when_ready_and_one_when_nothing_answers()
    {
        using var server = await HttpCapture.StartAsync();
        var port = new Uri(server.Url).Port;

        Assert.Equal(0, HealthProbe.Run(Settings(("Urls", $"http://+:{port}"))));
        Assert.Equal("/health/ready", Assert.Single(server.Requests).Path);
        server.Dispose();
        Assert.Equal(1, HealthProbe.Run(Settings(("Urls", $"http://+:{port}"))));
    }
}
