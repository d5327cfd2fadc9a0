using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;
using static Kit.Testing.GitTestKit;

namespace Kit.Git.Tests;

/// <summary>Pushing from a mirror over a path, git:// and smart HTTP.</summary>
public sealed class GitPushTests
{
    [Theory]
    [InlineData("path")]
    [InlineData("git")]
    [InlineData("http")]
    public async Task A_push_on_a_stale_tip_is_refused_and_never_forced(string transport)
    {
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var server = GitHttpServer.Start(origin.Root, "ci", "t0ken");
        using var work = new TempDirectory();
        var url = transport switch { "path" => origin.Path, "git" => daemon.Url(origin.Name), _ => server.Url(origin.Name) };
        var settings = Settings(url, work, "ci", "t0ken");
        var mirror = new RepositoryMirror(settings);
        var stale = await mirror.FetchAsync(CancellationToken.None);
        var human = origin.Commit(new Dictionary<string, string> { ["a.txt"] = "a\n" }, "Human change");
        string mine;
        using (var repo = mirror.Open())
        {
            var parent = repo.Lookup<Commit>(stale);
            var signature = new Signature("kit", "kit@localhost", DateTimeOffset.UtcNow);
            mine = repo.ObjectDatabase.CreateCommit(signature, signature, "stale\n", parent.Tree, [parent], false).Sha;
        }

        var pushed = await GitPush.PushAsync(settings, mirror.Path, mine, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.False(pushed);
        Assert.Equal(human, origin.Tip);
    }
}
