using Kit.Cli.Commands;

namespace Kit.Cli.Tests;

/// <summary><c>kit publish image-built --source-name/--source-commit</c>: the image's source, pinned with it.</summary>
public sealed class PublishSourceTests
{
    const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void The_source_is_pinned_to_the_source_commit_or_else_the_commit()
    {
        var explicitly = new PublishRequest("registry.example.com/web:1", null, null, "main", null, null, null, null, null, null) { SourceName = "web", SourceCommit = Sha };
        var fromCommit = new PublishRequest("registry.example.com/web:1", null, null, "main", null, Sha, null, null, null, null) { SourceName = "web" };

        Assert.True(explicitly.TryBuild(out var first, out _));
        Assert.True(fromCommit.TryBuild(out var second, out _));
        Assert.Equal("web", first.Source?.Name);
        Assert.Equal(Sha, first.Source?.Commit);
        Assert.Equal("web", second.Source?.Name);
        Assert.Equal(Sha, second.Source?.Commit);
    }

    [Fact]
    public void Without_a_full_sha_or_a_name_it_says_what_is_missing()
    {
        var shortSha = new PublishRequest("registry.example.com/web:1", null, null, "main", null, "0a1b2c3", null, null, null, null) { SourceName = "web" };
        var noName = new PublishRequest("registry.example.com/web:1", null, null, "main", null, null, null, null, null, null) { SourceCommit = Sha };
        var none = new PublishRequest("registry.example.com/web:1", null, null, "main", null, Sha, null, null, null, null);

        Assert.False(shortSha.TryBuild(out _, out var shortError));
        Assert.Equal("--source-name web needs the full 40-character commit sha to pin: give --source-commit or --commit", shortError);
        Assert.False(noName.TryBuild(out _, out var nameError));
        Assert.Equal("--source-commit needs --source-name", nameError);
        Assert.True(none.TryBuild(out var message, out _));
        Assert.Null(message.Source);
    }
}
