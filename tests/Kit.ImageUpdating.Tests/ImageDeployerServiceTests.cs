using System.Net;
using System.Text;
using Kit.CommitWatching;
using Kit.Contracts;
using Kit.Git;
using Kit.Hosting;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.ImageUpdating.Tests;

public sealed class ImageDeployerServiceTests
{
    static ImageBuilt Built(string image, string repository = "auth") => new()
    {
        CorrelationId = NewId.NextGuid(),
        Image = image,
        Repository = repository,
        Branch = "main",
        SourceCommit = "0123456789abcdef0123456789abcdef01234567",
        CommitterName = "CI Bot",
        CommitterEmail = "ci@example.com",
        BuiltAt = GitTestKit.Monday,
    };

    [Fact]
    public async Task ImageBuilt_publishes_ManifestsCommitted_for_the_pushed_commit()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        var message = Built("registry.example.com/invision/node-auth:3", "invision/node-auth");

        await host.Harness.Bus.Publish(message);

        Assert.True(await host.AnnouncedAnyAsync(x => x.CorrelationId == message.CorrelationId));
        var committed = host.Announced().Single();
        Assert.Equal(CommitCause.Image, committed.Cause);
        Assert.Equal(origin.Path, committed.Repository);
        Assert.Equal("main", committed.Ref);
        Assert.Equal(origin.Tip, committed.CommitSha);
        Assert.Equal(message.Image, committed.SourceImage);
        Assert.Equal(["images/invision/node-auth/main.yaml"], committed.ChangedPaths);
        Assert.False(await host.Harness.Published.Any<Fault<ImageBuilt>>());
    }

    [Fact]
    public async Task An_invalid_image_reference_publishes_ImageUpdateFailed_and_changes_nothing()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        var tip = origin.Tip;
        var message = Built("NOT A REFERENCE");

        await host.Harness.Bus.Publish(message);

        Assert.True(await host.Harness.Published.Any<ImageUpdateFailed>(x => x.Context.Message.CorrelationId == message.CorrelationId));
        var failed = host.Harness.Published.Select<ImageUpdateFailed>().Single().Context.Message;
        Assert.Contains("not a valid image reference", failed.Reason, StringComparison.Ordinal);
        Assert.False(failed.Skipped);
        Assert.Equal(tip, origin.Tip);
        Assert.False(await host.AnnouncedAnyAsync());
        Assert.False(await host.Harness.Published.Any<Fault<ImageBuilt>>());
    }

    [Fact]
    public async Task A_redelivered_ImageBuilt_announces_the_same_commit_again_and_commits_nothing()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        var message = Built("registry.example.com/auth:5");

        await host.Harness.Bus.Publish(message);
        Assert.True(await host.AnnouncedAnyAsync());
        var commits = origin.Log().Count;
        await host.Harness.Bus.Publish(message);

        var announced = await WaitForAsync(() => host.Announced().ToList(), l => l.Count == 2);
        Assert.Equal(2, announced.Count);
        Assert.Single(announced.Select(m => (m.CommitSha, m.CorrelationId)).Distinct());
        Assert.Equal(commits, origin.Log().Count);
    }

    [Fact]
    public async Task A_pinned_file_is_reported_as_skipped()
    {
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["images/auth/main.yaml"] = "image: registry.example.com/auth:1\npinned: true\n" });
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        var message = Built("registry.example.com/auth:2");

        await host.Harness.Bus.Publish(message);

        Assert.True(await host.Harness.Published.Any<ImageUpdateFailed>());
        var skipped = host.Harness.Published.Select<ImageUpdateFailed>().Single().Context.Message;
        Assert.True(skipped.Skipped);
        Assert.Equal("images/auth/main.yaml", skipped.File);
        Assert.Contains("pinned", skipped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    public async Task A_webhook_with_a_bad_or_missing_signature_is_refused(string? signature)
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        origin.Commit(new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");

        var response = await PostHookAsync(host, """{"ref":"refs/heads/main"}""", signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(await host.AnnouncedAnyAsync());
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Refused a webhook", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(ImageDeployerHost.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_push_webhook_announces_the_new_commit()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        await WaitForAsync(() => Directory.Exists(host.Work.Combine("watcher")), ready => ready);
        await Task.Delay(200);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");
        const string body = """{"ref":"refs/heads/main","after":"x"}""";

        var response = await PostHookAsync(host, body, WebhookSignature.Sign(ImageDeployerHost.Secret, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(sha, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await host.AnnouncedAnyAsync(x => x.CommitSha == sha));
        var announced = host.Announced().Single();
        Assert.Equal(CommitCause.Push, announced.Cause);
        Assert.Equal(DeterministicGuid.ForCommit(origin.Path, sha), announced.CorrelationId);
    }

    [Fact]
    public async Task A_push_webhook_for_another_branch_is_ignored()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);
        const string body = """{"ref":"refs/heads/feature"}""";

        var response = await PostHookAsync(host, body, WebhookSignature.Sign(ImageDeployerHost.Secret, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("Kit:ImageDeployer:PushRetries", "-1", "Kit__ImageDeployer__PushRetries")]
    [InlineData("Kit:ImageDeployer:PollSeconds", "-5", "Kit__ImageDeployer__PollSeconds")]
    [InlineData("Kit:Repository:Url", "", "Kit__Repository__Url")]
    [InlineData("Kit:ImageDeployer:MaxBackoffMilliseconds", "1", "Kit__ImageDeployer__MaxBackoffMilliseconds")]
    public void A_wrong_setting_stops_the_service_with_one_line_naming_the_key(string key, string value, string named)
    {
        using var app = ImageDeployerHost.Build(new Dictionary<string, string?> { ["Kit:Repository:Url"] = "/tmp/deployments.git", [key] = value });

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task An_image_posted_over_http_is_committed_like_one_from_the_bus()
    {
        using var origin = BareGitRepository.Create();
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);

        var response = await PostImageAsync(host, """{"image":"registry.example.com/team/auth:2.0.1","branch":"main","committerName":"Ada Lovelace","message":"Faster logins"}""", ImageDeployerHost.ApiToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("deploymentId").GetGuid();
        Assert.Equal("auth", answer.RootElement.GetProperty("repository").GetString());
        Assert.True(await host.AnnouncedAnyAsync(x => x.CorrelationId == id));
        Assert.Contains("registry.example.com/team/auth:2.0.1", origin.ReadFile("images/auth/main.yaml"), StringComparison.Ordinal);
        Assert.Equal("Ada Lovelace", origin.Log()[0].Author);
    }

    [Theory]
    [InlineData(null, """{"image":"registry.example.com/team/auth:2.0.1","branch":"main"}""", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", """{"image":"registry.example.com/team/auth:2.0.1","branch":"main"}""", HttpStatusCode.Unauthorized)]
    [InlineData(ImageDeployerHost.ApiToken, """{"image":"registry.example.com/team/auth:2.0.1"}""", HttpStatusCode.BadRequest)]
    [InlineData(ImageDeployerHost.ApiToken, """{"image":"Not An Image!","branch":"main"}""", HttpStatusCode.BadRequest)]
    [InlineData(ImageDeployerHost.ApiToken, """{"image":""", HttpStatusCode.BadRequest)]
    public async Task A_refused_image_post_commits_and_publishes_nothing(string? token, string body, HttpStatusCode expected)
    {
        using var origin = BareGitRepository.Create();
        var before = origin.Tip;
        await using var host = await ImageDeployerHost.StartAsync(origin.Path);

        var response = await PostImageAsync(host, body, token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await host.Harness.Published.Any<ImageBuilt>());
        Assert.Equal(before, origin.Tip);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(ImageDeployerHost.ApiToken, StringComparison.Ordinal));
    }

    static async Task<HttpResponseMessage> PostImageAsync(ImageDeployerHost host, string body, string? token)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/images") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    static async Task<HttpResponseMessage> PostHookAsync(ImageDeployerHost host, string body, string? signature)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.Header, signature);
        }

        return await client.SendAsync(request);
    }

    static Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done) =>
        Eventually.ValueAsync(() => Task.FromResult(read()), done, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
}
