namespace Kit.Git.Tests;

public sealed class DeterministicGuidTests
{
    [Fact]
    public void Matches_the_rfc_version_5_example()
    {
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), DeterministicGuid.Create(dns, "www.example.com"));
    }

    [Fact]
    public void A_commit_id_depends_on_repository_and_sha_only()
    {
        var sha = new string('a', 40);

        Assert.Equal(DeterministicGuid.ForCommit("git://h/r", sha), DeterministicGuid.ForCommit("git://h/r", sha.ToUpperInvariant()));
        Assert.NotEqual(DeterministicGuid.ForCommit("git://h/r", sha), DeterministicGuid.ForCommit("git://h/other", sha));
    }
}
