using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using static Kit.Testing.GitTestKit;

namespace Kit.CommitWatching.Tests;

public sealed class RepositoryWatchTests
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    internal static async Task<List<ManifestsCommitted>> CheckAsync(RepositoryWatch watch, CommitCause cause = CommitCause.Poll)
    {
        var announced = new List<ManifestsCommitted>();
        await watch.CheckAsync(cause, m =>
        {
            announced.Add(m);
            return Task.CompletedTask;
        }, Timeout, CancellationToken.None);
        return announced;
    }

    [Fact]
    public async Task New_commits_are_announced_oldest_first_except_the_image_deployers_own()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var work = new TempDirectory();
        var settings = Settings(daemon.Url(origin.Name), work);
        var watch = new RepositoryWatch(new RepositoryMirror(settings));
        await CheckAsync(watch);
        var first = origin.Commit(new Dictionary<string, string> { ["clusters/eu-1/cluster.yaml"] = "name: eu-1\n" }, "Add eu-1");
        await using (var writer = Deployer(settings))
        {
            await writer.WriteAsync(Update("auth", "registry.example.com/auth:1"));
        }

        var second = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "x: 1\n" }, "Set x");

        var announced = await CheckAsync(watch, CommitCause.Push);

        Assert.Equal([first, second], announced.Select(a => a.CommitSha));
        Assert.All(announced, a => Assert.Equal(CommitCause.Push, a.Cause));
        Assert.Equal(["clusters/eu-1/cluster.yaml"], announced[0].ChangedPaths);
        Assert.Equal(settings.DisplayUrl, announced[0].Repository);
        Assert.Equal("main", announced[0].Ref);
        Assert.Empty(await CheckAsync(watch));
    }

    [Fact]
    public async Task A_human_commit_is_announced_once_by_two_watchers_with_one_deployment_id()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var workA = new TempDirectory();
        using var workB = new TempDirectory();
        var a = new RepositoryWatch(new RepositoryMirror(Settings(daemon.Url(origin.Name), workA)));
        var b = new RepositoryWatch(new RepositoryMirror(Settings(daemon.Url(origin.Name), workB)));
        await CheckAsync(a);
        await CheckAsync(b);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");

        var fromA = await Task.WhenAll(CheckAsync(a), CheckAsync(a));
        var fromB = await CheckAsync(b, CommitCause.Push);

        var all = fromA.SelectMany(x => x).Concat(fromB).ToList();
        Assert.Equal(2, all.Count);
        Assert.All(all, m => Assert.Equal(sha, m.CommitSha));
        Assert.Single(all.Select(m => m.CorrelationId).Distinct());
        Assert.Equal(DeterministicGuid.ForCommit(daemon.Url(origin.Name), sha), all[0].CorrelationId);
    }

    [Fact]
    public async Task A_failed_announcement_is_announced_again_at_the_next_check()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        var watch = new RepositoryWatch(new RepositoryMirror(Settings(origin.Path, work)));
        await CheckAsync(watch);
        var sha = origin.Commit(new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            watch.CheckAsync(CommitCause.Poll, _ => throw new InvalidOperationException("broker down"), Timeout, CancellationToken.None));

        Assert.Equal([sha], (await CheckAsync(watch)).Select(a => a.CommitSha));
    }
}
