using Kit.Cli.Commands;
using Kit.Contracts;
using Kit.ImageUpdating;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Cli.Tests;

/// <summary><c>kit publish image-built --url … --token …</c> against the image-deployer's real <c>POST /api/images</c> on 127.0.0.1.</summary>
public sealed class PublishOverHttpTests
{
    const string Token = "ci-t0ken-7f3a";

    static PublishRequest Request(string url, string? token = Token, bool allowInsecureHttp = false) =>
        new("registry.example.com/team/auth:1.4.2", null, null, "main", null, "abc123", "Ada", "ada@example.com", "fix", null)
        {
            Url = url, Token = token, AllowInsecureHttp = allowInsecureHttp,
        };

    [Fact]
    public async Task The_image_is_accepted_by_the_images_api_and_published_on_its_bus()
    {
        await using var api = await StartImagesApiAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await PublishCommand.Handler(Request(api.Url), output, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", error.ToString());
        Assert.True(await api.Harness.Published.Any<ImageBuilt>());
        var published = api.Harness.Published.Select<ImageBuilt>().Single().Context.Message;
        Assert.Equal("registry.example.com/team/auth:1.4.2", published.Image);
        Assert.Equal("auth", published.Repository);
        Assert.Equal("abc123", published.SourceCommit);
        Assert.Equal("Ada", published.CommitterName);
        Assert.Contains($"deployment {published.CorrelationId}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_one_line_with_the_apis_reason_and_publishes_nothing()
    {
        await using var api = await StartImagesApiAsync();
        var error = new StringWriter();

        var code = await PublishCommand.Handler(Request(api.Url, token: "not-the-token"), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("kit: ", line, StringComparison.Ordinal);
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.Contains("Bearer", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", line, StringComparison.Ordinal);
        Assert.False(await api.Harness.Published.Any<ImageBuilt>());
    }

    [Theory]
    [InlineData("http://images.example.com/api/images", false, "--allow-insecure-http")]
    [InlineData("ftp://images.example.com/api/images", false, "https://")]
    [InlineData("images.example.com/api/images", false, "https://")]
    [InlineData("https://images.example.com/api/images", true, "no token")]
    public async Task A_url_that_would_leak_the_token_or_no_token_is_refused_before_anything_is_sent(string url, bool withoutToken, string expected)
    {
        var error = new StringWriter();

        var code = await PublishCommand.Handler(Request(url, token: withoutToken ? null : Token), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/api/images", false)]
    [InlineData("http://localhost:8080/api/images", false)]
    [InlineData("http://[::1]:8080/api/images", false)]
    [InlineData("https://images.example.com/api/images", false)]
    [InlineData("http://images.example.com/api/images", true)]
    public void Https_loopback_http_and_http_with_the_flag_are_allowed(string url, bool allowInsecureHttp)
    {
        Assert.Null(PublishOverHttp.Problem(url, allowInsecureHttp));
    }

    [Fact]
    public async Task An_unreachable_api_fails_with_one_line_and_the_unreachable_exit_code()
    {
        var error = new StringWriter();

        // Port 1 on loopback: nothing listens there.
        var code = await PublishCommand.Handler(Request("http://127.0.0.1:1/api/images"), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Unreachable, code);
        var line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Contains("127.0.0.1:1/api/images", line, StringComparison.Ordinal);
    }

    /// <summary>The image-deployer's images API as its host maps it, on 127.0.0.1, with MassTransit's test harness as the bus.</summary>
    static async Task<ImagesApiServer> StartImagesApiAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOptions<ImageDeployerSettings>().Configure(s => s.ApiToken = Token);
        builder.Services.AddMassTransitTestHarness();
        var app = builder.Build();
        app.MapImagesApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ImagesApiServer(app, address.TrimEnd('/') + "/api/images");
    }

    sealed record ImagesApiServer(WebApplication App, string Url) : IAsyncDisposable
    {
        public ITestHarness Harness => App.Services.GetRequiredService<ITestHarness>();

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
