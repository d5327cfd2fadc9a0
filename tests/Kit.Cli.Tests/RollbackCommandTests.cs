using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.Cli.Tests;

/// <summary><c>kit rollback</c> against real bare repositories: one commit restoring an earlier tree, pushed race-safely.</summary>
public sealed class RollbackCommandTests : IDisposable
{
    readonly BareGitRepository origin = BareGitRepository.Create(new Dictionary<string, string>
    {
        ["kit.yaml"] = "images: {}\n",
        ["clusters/eu-1/cluster.yaml"] = "name: eu-1\nreplicas: 1\n",
        ["clusters/us-1/cluster.yaml"] = "name: us-1\nreplicas: 1\n",
        ["images/web/main.yaml"] = "image: registry.example.com/web:1\n",
    });

    readonly TempDirectory work = new();

    public void Dispose()
    {
        work.Dispose();
        origin.Dispose();
    }

    [Fact]
    public async Task A_whole_rollback_writes_one_commit_with_the_earlier_tree_naming_it_and_the_previous_tip()
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["images/web/main.yaml"] = "image: registry.example.com/web:2\n", ["clusters/eu-1/extra.yaml"] = "x: 1\n" }, "Web 2");
        var bad = BareGitRepository.CommitBytesTo(origin.Path, BareGitRepository.Branch, new Dictionary<string, byte[]?> { ["clusters/us-1/cluster.yaml"] = null }, "Remove us-1");

        var (exit, output, error) = await RollbackAsync(new RollbackRequest(good[..10], origin.Path));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        var log = origin.Log();
        Assert.Equal(4, log.Count);
        Assert.Equal(bad, log[1].Sha);
        Assert.Equal(TreeOf(good), TreeOf(origin.Tip));
        Assert.Equal($"Roll back to {good[..12]}\n\nPrevious tip: {bad}\n\nKit-Rollback-To: {good}\n", log[0].Message);
        Assert.True(Kit.Git.CommitTrailers.IsRollback(log[0].Message));
        Assert.Contains($"commit {origin.Tip} (previous tip {bad})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollback_of_some_paths_replaces_only_them_and_removes_what_the_earlier_commit_lacks()
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string>
        {
            ["clusters/eu-1/cluster.yaml"] = "name: eu-1\nreplicas: 9\n",
            ["clusters/eu-1/extra.yaml"] = "x: 1\n",
            ["clusters/us-1/cluster.yaml"] = "name: us-1\nreplicas: 5\n",
            ["images/web/main.yaml"] = "image: registry.example.com/web:2\n",
            ["notes.txt"] = "new\n",
        }, "Many changes");
        var previous = origin.Tip;

        var (exit, output, _) = await RollbackAsync(new RollbackRequest("main~1", origin.Path, Paths: ["./clusters/eu-1/", "notes.txt"]));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("name: eu-1\nreplicas: 1\n", origin.ReadFile("clusters/eu-1/cluster.yaml"));
        Assert.Null(origin.ReadFile("clusters/eu-1/extra.yaml"));
        Assert.Null(origin.ReadFile("notes.txt"));
        Assert.Equal("name: us-1\nreplicas: 5\n", origin.ReadFile("clusters/us-1/cluster.yaml"));
        Assert.Equal("image: registry.example.com/web:2\n", origin.ReadFile("images/web/main.yaml"));
        Assert.Equal(["clusters/eu-1/cluster.yaml", "clusters/eu-1/extra.yaml", "notes.txt"], ChangedPaths(origin.Tip));
        var message = origin.Log()[0].Message;
        Assert.Equal($"Roll back to {good[..12]} (main~1)\n\nPrevious tip: {previous}\nPaths: clusters/eu-1, notes.txt\n\nKit-Rollback-To: {good}\n", message);
        Assert.Contains("at clusters/eu-1, notes.txt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_that_lands_first_is_kept_and_the_rollback_is_remade_on_the_new_tip()
    {
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["clusters/eu-1/cluster.yaml"] = "name: eu-1\nreplicas: 9\n" }, "Scale eu-1");
        string? human = null;
        Task BeforePush(CancellationToken _)
        {
            // Someone pushes after the rollback commit was made and before it is pushed: the push must be refused.
            human ??= origin.Commit(new Dictionary<string, string> { ["clusters/us-1/cluster.yaml"] = "name: us-1\nreplicas: 3\n" }, "Scale us-1");
            return Task.CompletedTask;
        }

        var (exit, output, error) = await RollbackAsync(new RollbackRequest(good, daemon.Url(origin.Name), Paths: ["clusters/eu-1"]), BeforePush);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        var log = origin.Log();
        Assert.Equal(human, log[1].Sha);
        Assert.Contains($"Previous tip: {human}\n", log[0].Message, StringComparison.Ordinal);
        Assert.Equal("name: eu-1\nreplicas: 1\n", origin.ReadFile("clusters/eu-1/cluster.yaml"));
        Assert.Equal("name: us-1\nreplicas: 3\n", origin.ReadFile("clusters/us-1/cluster.yaml"));
        Assert.Contains("re-made 1 time(s) because the branch moved", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_rollback_remade_after_a_concurrent_push_still_has_the_earlier_tree_and_keeps_that_push_in_history()
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["images/web/main.yaml"] = "image: registry.example.com/web:2\n" }, "Web 2");
        string? human = null;
        Task BeforePush(CancellationToken _)
        {
            human ??= origin.Commit(new Dictionary<string, string> { ["images/web/main.yaml"] = "image: registry.example.com/web:3\n" }, "Web 3");
            return Task.CompletedTask;
        }

        var (exit, _, _) = await RollbackAsync(new RollbackRequest(good, origin.Path), BeforePush);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(human, origin.Log()[1].Sha);
        Assert.Equal(TreeOf(good), TreeOf(origin.Tip));
    }

    [Fact]
    public async Task A_branch_that_already_has_the_earlier_tree_gets_no_commit_and_exit_code_zero()
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["notes.txt"] = "new\n" }, "Notes");
        var tip = origin.Tip;

        var atTip = await RollbackAsync(new RollbackRequest(tip, origin.Path));
        var untouchedPath = await RollbackAsync(new RollbackRequest(good, origin.Path, Paths: ["clusters"]));

        Assert.Equal(ExitCodes.Ok, atTip.Exit);
        Assert.Contains("nothing to roll back, no commit written", atTip.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, untouchedPath.Exit);
        Assert.Contains("nothing to roll back", untouchedPath.Output, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task An_unknown_commit_is_refused_with_exit_code_two()
    {
        var tip = origin.Tip;

        var unknown = await RollbackAsync(new RollbackRequest("nope", origin.Path));
        var missing = await RollbackAsync(new RollbackRequest(new string('a', 40), origin.Path));

        Assert.Equal(ExitCodes.Usage, unknown.Exit);
        Assert.Contains("no commit 'nope'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing.Exit);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task A_commit_that_is_not_on_the_branch_is_refused()
    {
        var other = BareGitRepository.CommitTo(origin.Path, "experiment", new Dictionary<string, string> { ["notes.txt"] = "elsewhere\n" }, "Experiment");
        var tip = origin.Tip;

        var (exit, _, error) = await RollbackAsync(new RollbackRequest(other, origin.Path));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("is not an earlier commit of the branch", error, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("clusters/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData(".git/config")]
    [InlineData(".")]
    public async Task A_path_outside_the_repository_is_refused(string path)
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["notes.txt"] = "new\n" }, "Notes");
        var tip = origin.Tip;

        var (exit, output, error) = await RollbackAsync(new RollbackRequest(good, origin.Path, Paths: [path]));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"kit rollback: --paths {path}: ", error, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task A_path_at_neither_commit_is_refused()
    {
        var good = origin.Tip;
        origin.Commit(new Dictionary<string, string> { ["notes.txt"] = "new\n" }, "Notes");

        var (exit, _, error) = await RollbackAsync(new RollbackRequest(good, origin.Path, Paths: ["clusters/typo"]));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("no such file or folder", error, StringComparison.Ordinal);
    }

    async Task<(int Exit, string Output, string Error)> RollbackAsync(RollbackRequest request, Func<CancellationToken, Task>? beforePush = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RollbackCommand.Handler(request with { WorkDirectory = work.Combine("work") }, output, error, beforePush, timeout.Token);
        return (exit, output.ToString(), error.ToString());
    }

    string TreeOf(string sha)
    {
        using var repo = new Repository(origin.Path);
        return repo.Lookup<Commit>(sha).Tree.Sha;
    }

    IReadOnlyList<string> ChangedPaths(string sha)
    {
        using var repo = new Repository(origin.Path);
        return Kit.Git.CommitChanges.Paths(repo, repo.Lookup<Commit>(sha));
    }
}
