using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using static Kit.CommitWatching.Tests.RepositoryWatchTests;
using static Kit.Testing.GitTestKit;

namespace Kit.CommitWatching.Tests;

/// <summary>The watcher's position is what the clusters run, not a folder: it announces the tip when it starts.</summary>
public sealed class WatcherStartupTests
{
    [Fact]
    public async Task The_first_check_announces_the_tip_with_cause_startup_and_replays_no_history()
    {
        using var origin = BareGitRepository.Create();
        origin.Commit(new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Old change");
        var tip = origin.Commit(new Dictionary<string, string> { ["clusters/eu-1/cluster.yaml"] = "name: eu-1\n" }, "Add eu-1");
        using var work = new TempDirectory();
        var settings = Settings(origin.Path, work);
        var watch = new RepositoryWatch(new RepositoryMirror(settings));

        var announced = Assert.Single(await CheckAsync(watch, CommitCause.Push));

        Assert.Equal(tip, announced.CommitSha);
        Assert.Equal(CommitCause.Startup, announced.Cause);
        Assert.Equal(DeterministicGuid.ForCommit(settings.DisplayUrl, tip), announced.CorrelationId);
        Assert.Null(announced.Clusters);
        Assert.Empty(await CheckAsync(watch));
    }

    [Fact]
    public async Task A_commit_pushed_while_the_watcher_was_stopped_is_announced_after_a_restart_with_an_empty_work_directory()
    {
        using var origin = BareGitRepository.Create();
        using (var before = new TempDirectory())
        {
            await CheckAsync(new RepositoryWatch(new RepositoryMirror(Settings(origin.Path, before))));
        }

        var whileDown = origin.Commit(new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Made while the watcher was down");
        using var emptied = new TempDirectory();
        var settings = Settings(origin.Path, emptied);

        var announced = Assert.Single(await CheckAsync(new RepositoryWatch(new RepositoryMirror(settings))));

        Assert.Equal(whileDown, announced.CommitSha);
        Assert.Equal(CommitCause.Startup, announced.Cause);
        // The same id every start: a tip announced twice is one deployment downstream.
        Assert.Equal(DeterministicGuid.ForCommit(settings.DisplayUrl, whileDown), announced.CorrelationId);
    }

    [Fact]
    public async Task A_failed_first_check_announces_the_tip_at_the_next_check()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        var watch = new RepositoryWatch(new RepositoryMirror(Settings(origin.Path, work)));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            watch.CheckAsync(CommitCause.Poll, _ => throw new InvalidOperationException("broker down"), RepositoryWatchTests.Timeout, CancellationToken.None));

        var announced = Assert.Single(await CheckAsync(watch));
        Assert.Equal((origin.Tip, CommitCause.Startup), (announced.CommitSha, announced.Cause));
    }

    [Fact]
    public async Task A_cherry_picked_commit_with_a_trailer_is_announced_and_the_image_deployers_own_commit_is_not_announced_twice()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var work = new TempDirectory();
        var settings = Settings(daemon.Url(origin.Name), work);
        var watch = new RepositoryWatch(new RepositoryMirror(settings));
        await CheckAsync(watch);
        var update = Update("auth", "registry.example.com/auth:1");
        var own = await ImageCommitAsync(settings, update);

        var file = "images/auth/main.yaml";
        var written = origin.ReadFile(file)!;
        var message = origin.Log().Single(c => c.Sha == own).Message;
        var revert = origin.Commit(new Dictionary<string, string> { [file] = "image: registry.example.com/auth:0\n" }, $"Revert \"Set image\"\n\nThis reverts commit {own}.");
        // git cherry-pick keeps the message, trailers included.
        var cherryPick = origin.Commit(new Dictionary<string, string> { [file] = written }, message.TrimEnd('\n'));

        var announced = await CheckAsync(watch);

        Assert.Equal([revert, cherryPick], announced.Select(a => a.CommitSha));
        Assert.Equal(DeterministicGuid.ForCommit(settings.DisplayUrl, cherryPick), announced[1].CorrelationId);
        Assert.Equal([file], announced[1].ChangedPaths);

        // A restarted image-deployer that gets the same image again names its own commit, never the copy.
        using var otherWork = new TempDirectory();
        await using var restarted = Deployer(Settings(daemon.Url(origin.Name), otherWork));
        var again = await restarted.WriteAsync(update);
        Assert.Equal(own, again.CommitSha);
    }

    [Fact]
    public async Task A_tip_the_image_deployer_wrote_is_announced_at_start_under_the_image_deployers_deployment_id()
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var work = new TempDirectory();
        var settings = Settings(daemon.Url(origin.Name), work);
        var update = Update("auth", "registry.example.com/auth:1");
        var own = await ImageCommitAsync(settings, update);

        using var watcherWork = new TempDirectory();
        var announced = Assert.Single(await CheckAsync(new RepositoryWatch(new RepositoryMirror(Settings(daemon.Url(origin.Name), watcherWork)))));

        // The image-deployer announced this commit as update.DeploymentId: the same id makes it one deployment.
        Assert.Equal((own, CommitCause.Startup, update.DeploymentId), (announced.CommitSha, announced.Cause, announced.CorrelationId));
    }

    /// <summary>The image-deployer's commit of <paramref name="update"/>, written by a writer that is gone afterwards.</summary>
    static async Task<string> ImageCommitAsync(RepositorySettings settings, Kit.ImageUpdating.ImageUpdate update)
    {
        await using var writer = Deployer(settings);
        return (await writer.WriteAsync(update)).CommitSha!;
    }
}
