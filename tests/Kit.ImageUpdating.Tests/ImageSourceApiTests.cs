using System.Net;
using System.Text;
using Kit.Contracts;
using Kit.Testing;

namespace Kit.ImageUpdating.Tests;

/// <summary><c>POST /api/images</c> carries the source an image was built from into <c>ImageBuilt.Source</c>.</summary>
public sealed class ImageSourceApiTests
{
    const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task The_source_field_reaches_the_published_event_with_its_commit_defaulting_to_sourceCommit()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);

        using var named = await PostAsync(host, $$$"""{"image":"registry.example.com/web:1","branch":"main","source":{"name":"web","commit":"{{{Sha}}}"}}""");
        using var defaulted = await PostAsync(host, $$$"""{"image":"registry.example.com/web:2","branch":"main","sourceCommit":"{{{Sha.ToUpperInvariant()}}}","source":{"name":"web"}}""");

        Assert.Equal(HttpStatusCode.Accepted, named.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, defaulted.StatusCode);
        var published = host.Harness.Published.Select<ImageBuilt>().Select(m => m.Context.Message).ToList();
        Assert.Equal(Sha, published.Single(m => m.Image.EndsWith(":1", StringComparison.Ordinal)).Source?.Commit);
        Assert.Equal("web", published.Single(m => m.Image.EndsWith(":2", StringComparison.Ordinal)).Source?.Name);
        Assert.Equal(Sha.ToUpperInvariant(), published.Single(m => m.Image.EndsWith(":2", StringComparison.Ordinal)).Source?.Commit);
    }

    [Theory]
    [InlineData("\"web\"")]
    [InlineData("{\"name\":\"web\",\"commit\":\"abc123\"}")]
    [InlineData("{\"commit\":\"0123456789abcdef0123456789abcdef01234567\"}")]
    public async Task A_source_without_a_name_and_a_full_sha_is_refused_naming_the_field(string source)
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);

        using var response = await PostAsync(host, """{"image":"registry.example.com/web:1","branch":"main","source":""" + source + "}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("field 'source' must be an object with 'name'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.Harness.Published.Any<ImageBuilt>());
    }

    static async Task<HttpResponseMessage> PostAsync(ImageDeployerHost host, string body)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/images") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ImageDeployerHost.ApiToken);
        return await client.SendAsync(request);
    }
}
