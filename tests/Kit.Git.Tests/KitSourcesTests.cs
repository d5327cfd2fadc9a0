namespace Kit.Git.Tests;

public sealed class KitSourcesTests
{
    [Fact]
    public void Sources_are_read_with_their_defaults()
    {
        var config = KitConfig.Parse("""
            sources:
              - name: payments
                url: git://127.0.0.1/payments.git
                branch: release
                path: deploy/kit/
              - {name: search, url: https://git.example/search.git}
            """);

        Assert.Equal(
            [new KitSource("payments", "git://127.0.0.1/payments.git", "release", "deploy/kit"), new KitSource("search", "https://git.example/search.git", "main", "")],
            config.Sources);
        Assert.Empty(KitConfig.Parse("images: {path: images}").Sources);
    }

    [Theory]
    [InlineData("sources: payments\n", "sources must be a list")]
    [InlineData("sources:\n  - name: Pay_ments\n    url: u\n", "source name 'Pay_ments'")]
    [InlineData("sources:\n  - name: a\n    url: u\n  - name: a\n    url: v\n", "source 'a' is listed twice")]
    [InlineData("sources:\n  - name: a\n", "source 'a' needs a url")]
    [InlineData("sources:\n  - name: a\n    url: u\n    path: ../outside\n", "source 'a' path '../outside' must be a folder inside the repository")]
    [InlineData("sources:\n  - name: a\n    url: u\n    branch: '-x'\n", "branch '-x' is not a branch name")]
    public void A_bad_source_is_refused_with_its_reason(string text, string reason)
    {
        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_file_round_trips_sorted_and_lower_case()
    {
        var text = SourcesLock.Write(new Dictionary<string, string> { ["search"] = new string('B', 40), ["payments"] = new string('a', 40) });

        Assert.Equal($"# The commit of each source that kit renders. kit writes this file; a revert rolls a source back.\npayments: {new string('a', 40)}\nsearch: {new string('b', 40)}\n", text);
        Assert.Equal(new Dictionary<string, string> { ["payments"] = new string('a', 40), ["search"] = new string('b', 40) }, SourcesLock.Parse(text));
        Assert.Empty(SourcesLock.Parse(null));
    }

    [Theory]
    [InlineData("- a\n", "must be a mapping")]
    [InlineData("payments: abc\n", "full 40-character commit sha")]
    [InlineData("Pay: 0123456789012345678901234567890123456789\n", "is not a source name")]
    public void A_bad_lock_file_is_refused(string text, string reason)
    {
        var error = Assert.Throws<KitConfigException>(() => SourcesLock.Parse(text));

        Assert.Equal(SourcesLock.Path, error.File);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
