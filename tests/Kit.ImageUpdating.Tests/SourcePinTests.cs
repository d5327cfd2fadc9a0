using System.Net;
using System.Text;
using Kit.CommitWatching;
using Kit.Contracts;
using Kit.Git;
using Kit.Testing;

namespace Kit.ImageUpdating.Tests;

/// <summary>A moved source becomes exactly one pin commit of the deployments repository, forward only, announced like any commit.</summary>
public sealed class SourcePinTests
{
    static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_push_to_a_source_with_its_webhook_gives_exactly_one_pin_commit_naming_the_source_commit()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0);
        var before = git.Log().Count;

        var moved = git.Commit("web.git", new Dictionary<string, string> { ["deployment.yaml.sbn"] = "kind: Deployment\n" }, "Serve on port 8080");
        var answer = await PostPushAsync(host, git.Url("web.git"), "refs/heads/main");
        var again = await PostPushAsync(host, git.Url("web.git"), "refs/heads/main");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(moved, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var log = git.Log();
        Assert.Equal(before + 1, log.Count);
        Assert.Equal(moved, git.Pins()["web"]);
        Assert.StartsWith($"Pin source web to {moved[..12]}\n\nServe on port 8080\n", log[0].Message, StringComparison.Ordinal);
        Assert.Contains($"\nKit-Source: web\nKit-Source-Commit: {moved}\n", log[0].Message, StringComparison.Ordinal);
        Assert.True(await Eventually.HoldsAsync(() => host.Announced().Any(m => m.CommitSha == log[0].Sha), Within));
        var announced = Assert.Single(host.Announced());
        Assert.Equal(CommitCause.Push, announced.Cause);
        Assert.Equal([SourcesLock.Path], announced.ChangedPaths);
    }

    [Fact]
    public async Task A_push_to_another_repository_or_branch_pins_nothing()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0);
        git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");

        await PostPushAsync(host, git.Url("other.git"), "refs/heads/main");
        await PostPushAsync(host, git.Url("web.git"), "refs/heads/feature");

        Assert.Equal(first, git.Pins()["web"]);
        Assert.Empty(host.Announced());
    }

    [Fact]
    public async Task A_polled_source_that_moves_is_pinned_once()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0.2);
        var before = git.Log().Count;

        var moved = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");

        Assert.True(await Eventually.HoldsAsync(() => git.Pins()["web"] == moved, Within));
        await Task.Delay(1_000);
        Assert.Equal(before + 1, git.Log().Count);
        Assert.Equal(CommitCause.Poll, Assert.Single(host.Announced()).Cause);
    }

    [Fact]
    public async Task Two_sources_moving_at_once_get_one_pin_commit_each()
    {
        using var git = await GitServedRepositories.StartAsync();
        var web = git.CreateSource("web");
        var api = git.CreateSource("api");
        git.CreateDeployments(new Dictionary<string, string> { ["api"] = api, ["web"] = web }, "web", "api");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0.2);
        var before = git.Log().Count;

        var webMoved = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Web change");
        var apiMoved = git.Commit("api.git", new Dictionary<string, string> { ["b.yaml"] = "b: 1\n" }, "Api change");

        Assert.True(await Eventually.HoldsAsync(() => git.Pins() is var pins && pins["web"] == webMoved && pins["api"] == apiMoved, Within));
        await Task.Delay(1_000);
        var log = git.Log();
        Assert.Equal(before + 2, log.Count);
        Assert.Equal(["Kit-Source: api", "Kit-Source: web"], log.Take(2).Select(c => c.Message.Split('\n').Single(l => l.StartsWith("Kit-Source: ", StringComparison.Ordinal))).Order());
        Assert.True(await Eventually.HoldsAsync(() => host.Announced().Count == 2, Within));
    }

    [Fact]
    public async Task An_older_commit_is_never_pinned_over_a_newer_one()
    {
        using var git = await GitServedRepositories.StartAsync();
        var older = git.CreateSource("web");
        var newer = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        git.CreateDeployments(new Dictionary<string, string> { ["web"] = newer }, "web");

        // The source's branch is forced back to the older commit.
        git.Reset("web.git", older);
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0.2);

        Assert.True(await Eventually.HoldsAsync(() => host.Logs.Lines.Any(l => l.Contains($"Source web not pinned to {older}", StringComparison.Ordinal)), Within));
        Assert.Contains(host.Logs.Lines, l => l.Contains("does not descend from it", StringComparison.Ordinal));
        Assert.Equal(newer, git.Pins()["web"]);
        Assert.Single(git.Log());
        Assert.Empty(host.Announced());
    }

    [Fact]
    public async Task A_reverted_pin_commit_is_deployed_as_a_normal_commit_and_stands_until_the_source_moves_again()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0.2, watchPollSeconds: 0.2);
        var second = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        Assert.True(await Eventually.HoldsAsync(() => git.Pins()["web"] == second, Within));
        var pin = git.Log()[0];

        // A person reverts the pin commit, as `git revert` would write it.
        var revert = git.Commit(GitServedRepositories.Deployments, new Dictionary<string, string> { [SourcesLock.Path] = $"web: {first}\n" },
            $"Revert \"Pin source web to {second[..12]}\"\n\nThis reverts commit {pin.Sha}.");

        Assert.True(await Eventually.HoldsAsync(() => host.Announced().Any(m => m.CommitSha == revert), Within));
        Assert.Equal(CommitCause.Poll, host.Announced().Single(m => m.CommitSha == revert).Cause);
        await Task.Delay(1_000);
        Assert.Equal(revert, git.Log()[0].Sha);
        Assert.Equal(first, git.Pins()["web"]);

        var third = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 2\n" }, "Change again");
        Assert.True(await Eventually.HoldsAsync(() => git.Pins()["web"] == third, Within));
    }

    [Fact]
    public async Task A_source_webhook_from_another_git_host_is_proved_and_read_as_on_hooks_git()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        await using var host = await ImageDeployerHost.StartWithSourcesAsync(git.Url(GitServedRepositories.Deployments), sourcePollSeconds: 0);
        var moved = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        async Task<HttpResponseMessage> PostGitLabAsync(string token, string kind)
        {
            var body = $$$"""{"object_kind":"push","ref":"refs/heads/main","after":"{{{moved}}}","project":{"git_http_url":"{{{git.Url("web.git")}}}"}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/sources") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Gitlab-Token", token);
            request.Headers.Add("X-Gitlab-Event", kind);
            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostGitLabAsync("not-the-secret", "Push Hook")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostGitLabAsync(ImageDeployerHost.Secret, "Tag Push Hook")).StatusCode);
        Assert.Equal(first, git.Pins()["web"]);

        var answer = await PostGitLabAsync(ImageDeployerHost.Secret, "Push Hook");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(moved, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(moved, git.Pins()["web"]);
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Refused a source webhook", StringComparison.Ordinal));
    }

    static async Task<HttpResponseMessage> PostPushAsync(ImageDeployerHost host, string repositoryUrl, string pushedRef)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"ref":"{{{pushedRef}}}","repository":{"clone_url":"{{{repositoryUrl}}}","html_url":"http://example.invalid/web"}}""");
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/sources") { Content = new ByteArrayContent(body) };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(ImageDeployerHost.Secret, body));
        return await http.SendAsync(request);
    }
}
