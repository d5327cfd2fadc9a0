using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using static Kit.Testing.GitTestKit;

namespace Kit.ImageUpdating.Tests;

/// <summary>An image built from a source sets the image and the source's pin in one commit, and never moves a pin back.</summary>
public sealed class SourceImageTests
{
    [Fact]
    public async Task An_image_built_from_a_source_sets_the_image_and_pins_the_source_in_one_commit()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreatePinnedSource("web");
        var built = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(git.Url(GitServedRepositories.Deployments), work));

        var result = await deployer.WriteAsync(Update("web", "registry.example.com/web:2") with { Source = new SourceRevision { Name = "web", Commit = built } });

        Assert.Equal(ImageUpdateOutcome.Committed, result.Outcome);
        Assert.Equal(["images/web/main.yaml", SourcesLock.Path], result.ChangedPaths);
        var log = git.Log();
        Assert.Equal(2, log.Count);
        Assert.Equal(result.CommitSha, log[0].Sha);
        Assert.StartsWith($"Set image registry.example.com/web:2 in images/web/main.yaml and pin source web to {built[..12]}\n", log[0].Message, StringComparison.Ordinal);
        Assert.Contains($"\nKit-Source: web\nKit-Source-Commit: {built}\n", log[0].Message, StringComparison.Ordinal);
        Assert.Equal(built, git.Pins()["web"]);
        Assert.StartsWith("image: registry.example.com/web:2\n", git.Read(GitServedRepositories.Deployments, "images/web/main.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_image_from_a_newer_source_commit_still_pins_the_source()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreateSource("web");
        var built = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        git.Create(GitServedRepositories.Deployments, new Dictionary<string, string>
        {
            ["kit.yaml"] = git.KitYaml("web"),
            [SourcesLock.Path] = $"web: {first}\n",
            ["images/web/main.yaml"] = "image: registry.example.com/web:2\n",
        });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(git.Url(GitServedRepositories.Deployments), work));

        var result = await deployer.WriteAsync(Update("web", "registry.example.com/web:2") with { Source = new SourceRevision { Name = "web", Commit = built } });

        Assert.Equal(ImageUpdateOutcome.Committed, result.Outcome);
        Assert.Equal([SourcesLock.Path], result.ChangedPaths);
        Assert.Equal(built, git.Pins()["web"]);
    }

    [Fact]
    public async Task An_image_from_an_older_source_commit_writes_neither_image_nor_pin()
    {
        using var git = await GitServedRepositories.StartAsync();
        var older = git.CreateSource("web");
        var newer = git.Commit("web.git", new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        git.CreateDeployments(new Dictionary<string, string> { ["web"] = newer }, "web");
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(git.Url(GitServedRepositories.Deployments), work));

        var result = await deployer.WriteAsync(Update("web", "registry.example.com/web:1") with { Source = new SourceRevision { Name = "web", Commit = older } });

        Assert.Equal(ImageUpdateOutcome.Skipped, result.Outcome);
        Assert.Contains($"source 'web' is pinned to {newer}, and {older} does not descend from it", result.Reason, StringComparison.Ordinal);
        Assert.Single(git.Log());
        Assert.Null(git.Read(GitServedRepositories.Deployments, "images/web/main.yaml"));
    }

    [Fact]
    public async Task An_image_naming_a_source_kit_yaml_does_not_list_fails_naming_it()
    {
        using var git = await GitServedRepositories.StartAsync();
        var first = git.CreateSource("web");
        git.Create(GitServedRepositories.Deployments, new Dictionary<string, string> { ["kit.yaml"] = git.KitYaml("web") });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(git.Url(GitServedRepositories.Deployments), work));

        var unknown = await deployer.WriteAsync(Update("web", "registry.example.com/web:1") with { Source = new SourceRevision { Name = "shop", Commit = first } });
        var missing = await deployer.WriteAsync(Update("web", "registry.example.com/web:1") with { Source = new SourceRevision { Name = "web", Commit = new string('a', 40) } });

        Assert.Equal(ImageUpdateOutcome.Failed, unknown.Outcome);
        Assert.Equal("source 'shop' is not in kit.yaml's sources (it lists web)", unknown.Reason);
        Assert.Equal(ImageUpdateOutcome.Failed, missing.Outcome);
        Assert.StartsWith($"commit {new string('a', 40)} is not in source 'web'", missing.Reason, StringComparison.Ordinal);
        Assert.Single(git.Log());
    }
}
