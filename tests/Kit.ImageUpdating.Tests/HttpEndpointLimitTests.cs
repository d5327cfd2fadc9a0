using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Kit.CommitWatching;
using Kit.Contracts;
using Kit.Testing;
using Microsoft.Extensions.Logging;

namespace Kit.ImageUpdating.Tests;

/// <summary><c>/hooks/git</c> and <c>/api/images</c> refuse early, keep their limit while reading and answer in the request's terms.</summary>
public sealed class HttpEndpointLimitTests
{
    /// <summary>The size of the posts that once grew the image-deployer by 500 MB.</summary>
    const long Huge = 29_000_000;

    /// <summary>What a dozen refused posts may allocate in this whole process (client included): a few buffers, never the bodies.</summary>
    const long AllocationBudget = 16 * 1024 * 1024;

    /// <summary>Both endpoints, each with a flag off and on (authorized, or chunked).</summary>
    public static TheoryData<string, bool> EndpointsAndFlag { get; } = new()
    {
        { "/hooks/git", false }, { "/hooks/git", true }, { "/api/images", false }, { "/api/images", true },
    };

    [Theory]
    [MemberData(nameof(EndpointsAndFlag))]
    public async Task Twelve_huge_posts_are_refused_fast_without_reading_their_bodies(string path, bool authorized)
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await PostAsync(client, path, new FilledContent(1024, chunked: false), authorized);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await PostAsync(client, path, new FilledContent(Huge, chunked: false), authorized));
        }

        var grown = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.All(statuses, s => Assert.Equal(authorized ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.Unauthorized, s));
        Assert.True(grown < AllocationBudget, $"twelve refused posts allocated {grown / 1024 / 1024} MiB");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"twelve refused posts took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.False(await host.AnnouncedAnyAsync());
        Assert.False(await host.Harness.Published.Any<ImageBuilt>());
    }

    [Theory]
    [MemberData(nameof(EndpointsAndFlag))]
    public async Task A_body_over_the_limit_is_answered_413_with_one_warning_and_no_stack_trace(string path, bool chunked)
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var status = await PostAsync(client, path, new FilledContent(2 * 1024 * 1024, chunked), authorized: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var warning = Assert.Single(host.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Contains("1048576 bytes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Kit__ImageDeployer__MaxRequestBytes", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.False(await host.AnnouncedAnyAsync());
    }

    [Theory]
    [InlineData("{\"image\": x}", "body is not JSON: 'x' is an invalid start of a value at line 1 column 11")]
    [InlineData("{\"image\":", "body is not JSON:")]
    [InlineData("[1, 2]", "body must be a JSON object, not an array")]
    [InlineData("{\"branch\":\"main\"}", "field 'image' is required")]
    [InlineData("{\"image\":\"registry.example.com/team/auth:2.0.1\"}", "field 'branch' is required")]
    [InlineData("{\"image\": 5, \"branch\":\"main\"}", "field 'image' must be a string")]
    [InlineData("{\"image\":\"registry.example.com/team/auth:2.0.1\",\"branch\":\"main\",\"builtAt\":\"yesterday\"}", "field 'builtAt' must be a date and time")]
    [InlineData("{\"image\":\"registry.example.com/team/auth:2.0.1\",\"branch\":\"main\",\"correlationId\":12}", "field 'correlationId' must be a deployment id")]
    public async Task A_bad_image_post_is_answered_400_in_the_request_s_terms(string body, string expected)
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/images") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ImageDeployerHost.ApiToken);

        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        Assert.StartsWith(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertPlainWords(answer, host);
        Assert.False(await host.Harness.Published.Any<ImageBuilt>());
    }

    [Fact]
    public async Task A_signed_webhook_that_is_not_JSON_is_answered_400_in_plain_words()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        const string body = "{\"ref\": refs/heads/main}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(ImageDeployerHost.Secret, Encoding.UTF8.GetBytes(body)));

        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body is not JSON: 'r' is an invalid start of a value at line 1 column 9", answer, StringComparison.Ordinal);
        AssertPlainWords(answer, host);
        Assert.False(await host.AnnouncedAnyAsync());
    }

    static void AssertPlainWords(string answer, ImageDeployerHost host)
    {
        foreach (var text in host.Logs.Lines.Append(answer))
        {
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("JsonException", text, StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
        }

        Assert.All(host.Logs.Entries, e => Assert.Null(e.Exception));
    }

    static async Task<HttpStatusCode> PostAsync(HttpClient client, string path, FilledContent content, bool authorized)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (authorized && path == "/api/images")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ImageDeployerHost.ApiToken);
        }
        else if (authorized)
        {
            request.Headers.Add(WebhookSignature.Header, content.Signature(ImageDeployerHost.Secret));
        }

        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"POST {path} of {content.Length} bytes got no answer: {e.Message}");
            throw;
        }
    }

    /// <summary>A body of <c>Length</c> spaces, streamed from one small buffer, so the client holds none of it.</summary>
    sealed class FilledContent : HttpContent
    {
        static readonly byte[] Chunk = Enumerable.Repeat((byte)' ', 64 * 1024).ToArray();
        readonly bool chunked;

        public FilledContent(long length, bool chunked)
        {
            Length = length;
            this.chunked = chunked;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public long Length { get; }

        public string Signature(string secret)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
            for (var left = Length; left > 0; left -= Chunk.Length)
            {
                hmac.AppendData(Chunk, 0, (int)Math.Min(left, Chunk.Length));
            }

            return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var left = Length; left > 0; left -= Chunk.Length)
            {
                await stream.WriteAsync(Chunk.AsMemory(0, (int)Math.Min(left, Chunk.Length)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return !chunked;
        }
    }
}
