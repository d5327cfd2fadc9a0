using Kit.Harness;
using Kit.Testing;
using static Kit.Testing.GitTestKit;

namespace Kit.ImageUpdating.Tests;

public sealed class ImageDeployerTests
{
    [Fact]
    public async Task An_image_is_committed_as_the_committer_with_trailers_and_pushed()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        var update = Update("invision/node-auth", "registry.example.com/invision/node-auth:1.2.0");

        var result = await deployer.WriteAsync(update);

        Assert.Equal(ImageUpdateOutcome.Committed, result.Outcome);
        Assert.Equal(origin.Tip, result.CommitSha);
        Assert.Equal(["images/invision/node-auth/main.yaml"], result.ChangedPaths);
        Assert.Equal("image: registry.example.com/invision/node-auth:1.2.0\nbuiltAt: 2026-11-23T09:00:00.0000000Z\n", origin.ReadFile("images/invision/node-auth/main.yaml"));
        var (_, message, author) = origin.Log()[0];
        Assert.Equal("CI Bot", author);
        Assert.StartsWith("Set image registry.example.com/invision/node-auth:1.2.0 in images/invision/node-auth/main.yaml\n", message, StringComparison.Ordinal);
        Assert.Contains($"\nKit-Deployment-Id: {update.DeploymentId}\nKit-Source-Commit: {update.SourceCommit}\n", message, StringComparison.Ordinal);
        Assert.Equal(2, origin.Log().Count);
    }

    [Fact]
    public async Task The_same_image_again_makes_no_commit()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1"));
        var tip = origin.Tip;

        var again = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1", Monday.AddHours(1)));

        Assert.Equal(ImageUpdateOutcome.Skipped, again.Outcome);
        Assert.Contains("already the image", again.Reason, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task An_older_build_does_not_overwrite_a_newer_one()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        await deployer.WriteAsync(Update("auth", "registry.example.com/auth:2", Monday.AddMinutes(10)));
        var tip = origin.Tip;

        var older = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1", Monday));

        Assert.Equal(ImageUpdateOutcome.Skipped, older.Outcome);
        Assert.Contains("newer build", older.Reason, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
        Assert.Contains("auth:2", origin.ReadFile("images/auth/main.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_file_is_kept()
    {
        const string pinned = "# held back during the incident\nimage: registry.example.com/auth:1\npinned: true\n";
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["images/auth/main.yaml"] = pinned });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        var tip = origin.Tip;

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:2"));

        Assert.Equal(ImageUpdateOutcome.Skipped, result.Outcome);
        Assert.Contains("pinned", result.Reason, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
        Assert.Equal(pinned, origin.ReadFile("images/auth/main.yaml"));
    }

    [Fact]
    public async Task Comments_and_other_keys_survive_a_pushed_update()
    {
        const string before = "# owned by team auth\nimage: registry.example.com/auth:1 # CI writes this\nreplicas: 2\n";
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["images/auth/main.yaml"] = before });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));

        await deployer.WriteAsync(Update("auth", "registry.example.com/auth:2"));

        Assert.Equal("# owned by team auth\nimage: registry.example.com/auth:2 # CI writes this\nreplicas: 2\nbuiltAt: 2026-11-23T09:00:00.0000000Z\n",
            origin.ReadFile("images/auth/main.yaml"));
    }

    [Fact]
    public async Task A_redelivered_image_commits_nothing_and_names_the_pushed_commit()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        var update = Update("auth", "registry.example.com/auth:1");
        string first;
        await using (var deployer = Deployer(Settings(origin.Path, work)))
        {
            first = (await deployer.WriteAsync(update)).CommitSha!;
        }

        // Someone changes the file by hand meanwhile: only the trailer can tell that this deployment was written.
        origin.Commit(new Dictionary<string, string> { ["images/auth/main.yaml"] = "image: registry.example.com/auth:0\n" }, "Roll back by hand");
        var tip = origin.Tip;
        using var otherWork = new TempDirectory();
        await using var restarted = Deployer(Settings(origin.Path, otherWork));

        var again = await restarted.WriteAsync(update);

        Assert.Equal(ImageUpdateOutcome.AlreadyPushed, again.Outcome);
        Assert.Equal(first, again.CommitSha);
        Assert.Equal(["images/auth/main.yaml"], again.ChangedPaths);
        Assert.Equal(tip, origin.Tip);
    }

    [Theory]
    [InlineData("auth", "main", "Registry.Example.com/Auth:1", "not a valid image reference")]
    [InlineData("auth", "main", "registry.example.com/auth:bad tag", "not a valid image reference")]
    [InlineData("../../etc", "main", "registry.example.com/auth:1", "repository key")]
    [InlineData("/abs/path", "main", "registry.example.com/auth:1", "repository key")]
    [InlineData("auth", "../../kit", "registry.example.com/auth:1", "not a valid git branch name")]
    [InlineData("auth", "feature..x", "registry.example.com/auth:1", "not a valid git branch name")]
    public async Task Bad_input_fails_with_a_clear_reason_and_changes_nothing(string key, string branch, string image, string reason)
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        var tip = origin.Tip;

        var result = await deployer.WriteAsync(Update(key, image, branch: branch));

        Assert.Equal(ImageUpdateOutcome.Failed, result.Outcome);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task An_unparsable_kit_yaml_fails_the_image_with_its_line_and_changes_nothing()
    {
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["kit.yaml"] = "images:\n  path: [oops\n" });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        var tip = origin.Tip;

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1"));

        Assert.Equal(ImageUpdateOutcome.Failed, result.Outcome);
        Assert.Equal("kit.yaml", result.File);
        Assert.NotNull(result.Line);
        Assert.Equal(tip, origin.Tip);
    }

    [Theory]
    [InlineData("images/auth/main.yaml")]
    [InlineData("kit.yaml")]
    public async Task Invalid_utf8_fails_the_image_with_file_and_line_and_changes_nothing(string file)
    {
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["images/auth/main.yaml"] = "image: registry.example.com/auth:1\n" });
        using (var repo = new LibGit2Sharp.Repository(origin.Path))
        {
            // "# café" in Latin-1 on line 2: read as UTF-8 with replacement, the file would be rewritten with U+FFFD.
            var tree = LibGit2Sharp.TreeDefinition.From(repo.Branches["main"].Tip.Tree);
            var bytes = file == "kit.yaml" ? "images:\n  # caf\u00e9\n  path: images\n"u8.ToArray() : "image: registry.example.com/auth:1\n# caf\u00e9\n"u8.ToArray();
            bytes = [.. bytes[..bytes.AsSpan().IndexOf("\u00e9"u8)], 0xE9, .. bytes[(bytes.AsSpan().IndexOf("\u00e9"u8) + 2)..]];
            tree.Add(file, repo.ObjectDatabase.CreateBlob(new MemoryStream(bytes)), LibGit2Sharp.Mode.NonExecutableFile);
            var signature = new LibGit2Sharp.Signature("Ada", "ada@example.com", DateTimeOffset.UtcNow);
            var commit = repo.ObjectDatabase.CreateCommit(signature, signature, "latin-1\n", repo.ObjectDatabase.CreateTree(tree), [repo.Branches["main"].Tip], prettifyMessage: false);
            repo.Refs.UpdateTarget(repo.Refs["refs/heads/main"], commit.Id);
        }

        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));
        var tip = origin.Tip;

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:2"));

        Assert.Equal(ImageUpdateOutcome.Failed, result.Outcome);
        Assert.Equal(file, result.File);
        Assert.Equal(2, result.Line);
        Assert.Contains("not valid UTF-8", result.Reason);
        Assert.Equal(tip, origin.Tip);
    }

    [Fact]
    public async Task Kit_yaml_chooses_the_images_folder_and_property()
    {
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["kit.yaml"] = "images:\n  path: deploy/tags\n  property: tag\n" });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work));

        var result = await deployer.WriteAsync(Update("auth", "registry.example.com/auth:1"));

        Assert.Equal("deploy/tags/auth/main.yaml", result.File);
        Assert.StartsWith("tag: registry.example.com/auth:1\n", origin.ReadFile("deploy/tags/auth/main.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_images_share_one_commit()
    {
        using var origin = BareGitRepository.Create();
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work), new ImageDeployerSettings { BatchWindowMilliseconds = 300 });
        var updates = Enumerable.Range(1, 5).Select(i => Update($"svc-{i}", $"registry.example.com/svc-{i}:1")).ToList();

        var results = await Task.WhenAll(updates.Select(deployer.WriteAsync));

        Assert.All(results, r => Assert.Equal(ImageUpdateOutcome.Committed, r.Outcome));
        Assert.Single(results.Select(r => r.CommitSha).Distinct());
        Assert.Equal(2, origin.Log().Count);
        Assert.Equal(1, deployer.Metrics.Commits);
        var message = origin.Log()[0].Message;
        Assert.StartsWith("Set 5 images\n", message, StringComparison.Ordinal);
        Assert.All(updates, u => Assert.Contains($"Kit-Deployment-Id: {u.DeploymentId}", message, StringComparison.Ordinal));
        Assert.Equal(5, results[0].ChangedPaths.Count);
    }

    [Fact]
    public async Task A_committer_git_would_refuse_is_cleaned_and_one_bad_file_does_not_hold_back_the_others()
    {
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["images/broken/main.yaml"] = "image: [oops\n" });
        using var work = new TempDirectory();
        await using var deployer = Deployer(Settings(origin.Path, work), new ImageDeployerSettings { BatchWindowMilliseconds = 200 });
        var good = Update("auth", "registry.example.com/auth:1") with { CommitterName = "CI <bot>\n", CommitterEmail = "<ci@example.com>" };
        var bad = Update("broken", "registry.example.com/broken:1") with { CommitterName = good.CommitterName, CommitterEmail = good.CommitterEmail };

        var results = await Task.WhenAll(deployer.WriteAsync(good), deployer.WriteAsync(bad));

        Assert.Equal(ImageUpdateOutcome.Committed, results[0].Outcome);
        Assert.Equal(ImageUpdateOutcome.Failed, results[1].Outcome);
        Assert.Equal("images/broken/main.yaml", results[1].File);
        Assert.Equal(2, results[1].Line);
        Assert.Equal("CI bot", origin.Log()[0].Author);
    }
}
