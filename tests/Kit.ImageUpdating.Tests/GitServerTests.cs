using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;
using static Kit.Testing.GitTestKit;

namespace Kit.ImageUpdating.Tests;

public sealed class GitServerTests
{
    [Fact]
    public async Task Rejected_push_is_reapplied_on_the_new_tip()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(daemon.Url(origin.Name), work));
        string? human = null;
        deployer.BeforePush = _ =>
        {
            // Someone pushes after the commit was made and before it is pushed: the push must be refused.
            human ??= origin.Commit(new Dictionary<string, string> { ["clusters/eu-1/cluster.yaml"] = "name: eu-1\n" }, "Add cluster eu-1");
            return Task.CompletedTask;
        };

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1"));

        Assert.Equal(ImageUpdateOutcome.Committed, result.Outcome);
        Assert.Equal(1, deployer.Metrics.PushRetries);
        var log = origin.Log();
        Assert.Equal([result.CommitSha!, human!], log.Take(2).Select(c => c.Sha));
        Assert.Equal("name: eu-1\n", origin.ReadFile("clusters/eu-1/cluster.yaml"));
        Assert.StartsWith("image: registry.example.com/auth:1\n", origin.ReadFile("images/auth/main.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_branch_that_keeps_moving_fails_after_the_configured_retries_and_pushes_nothing()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        var settings = new ImageDeployerSettings { PushRetries = 2, BatchWindowMilliseconds = 0, BackoffMilliseconds = 1, MaxBackoffMilliseconds = 5 };
        await using var deployer = Deployer(Settings(origin.Path, work), settings);
        var human = 0;
        deployer.BeforePush = _ =>
        {
            origin.Commit(new Dictionary<string, string> { ["notes.txt"] = $"{++human}\n" }, $"Note {human}");
            return Task.CompletedTask;
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => deployer.WriteAsync(Update("auth", "registry.example.com/auth:1")));

        Assert.Contains("refused 3 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, deployer.Metrics.PushRetries);
        Assert.Null(origin.ReadFile("images/auth/main.yaml"));
        Assert.Equal(4, origin.Log().Count);
    }

    [Fact]
    public async Task Two_instances_racing_on_one_repository_lose_nothing()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var workA = new TempDirectory();
        using var workB = new TempDirectory();
        var settings = new ImageDeployerSettings { BatchWindowMilliseconds = 0, BackoffMilliseconds = 5, MaxBackoffMilliseconds = 200, PushRetries = 50 };
        await using var a = Deployer(Settings(daemon.Url(origin.Name), workA), settings);
        await using var b = Deployer(Settings(daemon.Url(origin.Name), workB), settings);

        // Eight services, three builds each; every build goes to one instance, in no particular order.
        var updates = (from build in Enumerable.Range(1, 3)
                       from service in Enumerable.Range(1, 8)
                       select Update($"svc-{service}", $"registry.example.com/svc-{service}:{build}", Monday.AddMinutes(build))).ToList();
        var shuffled = updates.OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(shuffled.Select((u, i) => (i % 2 == 0 ? a : b).WriteAsync(u)));

        for (var service = 1; service <= 8; service++)
        {
            Assert.StartsWith($"image: registry.example.com/svc-{service}:3\n", origin.ReadFile($"images/svc-{service}/main.yaml"), StringComparison.Ordinal);
        }

        // Every newest build is in a pushed commit, and the history holds no commit twice for one deployment.
        var newest = updates.Where(u => u.Image.EndsWith(":3", StringComparison.Ordinal)).Select(u => u.DeploymentId).ToHashSet();
        var committed = shuffled.Zip(results).Where(p => p.Second.HasCommit).Select(p => p.First.DeploymentId).ToList();
        Assert.Superset(newest, committed.ToHashSet());
        var trailers = origin.Log().SelectMany(c => CommitTrailers.DeploymentIds(c.Message)).ToList();
        Assert.Equal(trailers.Count, trailers.Distinct().Count());
        Assert.All(results, r => Assert.NotEqual(ImageUpdateOutcome.Failed, r.Outcome));
        Assert.Equal(a.Metrics.Commits + b.Metrics.Commits + 1, origin.Log().Count);
    }

    /// <summary>A writer pushing to <paramref name="origin"/> through the smart-http server as user <c>ci</c>.</summary>
    static ImageWriter OverHttp(BareGitRepository origin, GitHttpServer server, TempDirectory work, string password) =>
        Deployer(Settings(server.Url(origin.Name), work, "ci", password));

    [Fact]
    public async Task Images_are_pushed_over_smart_http_with_the_configured_credentials()
    {
        using var origin = BareGitRepository.Create();
        using var server = GitHttpServer.Start(origin.Root, "ci", "t0ken");
        using var work = new TempDirectory();
        await using var deployer = OverHttp(origin, server, work, "t0ken");

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:7"));

        Assert.Equal(ImageUpdateOutcome.Committed, result.Outcome);
        Assert.Equal(origin.Tip, result.CommitSha);
        Assert.StartsWith("image: registry.example.com/auth:7\n", origin.ReadFile("images/auth/main.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_fail_and_change_nothing()
    {
        using var origin = BareGitRepository.Create();
        using var server = GitHttpServer.Start(origin.Root, "ci", "t0ken");
        using var work = new TempDirectory();
        await using var deployer = OverHttp(origin, server, work, "wrong");
        var tip = origin.Tip;

        await Assert.ThrowsAnyAsync<LibGit2SharpException>(() => deployer.WriteAsync(Update("auth", "registry.example.com/auth:7")));

        Assert.True(server.Refused > 0);
        Assert.Equal(tip, origin.Tip);
    }
}
