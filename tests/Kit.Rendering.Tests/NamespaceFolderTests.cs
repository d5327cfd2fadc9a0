using Kit.Contracts;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>kit's namespaces/&lt;cluster&gt;/*.yaml: read per cluster with the rules of every repository file, carried on ManifestsRendered.Namespaces.</summary>
public sealed class NamespaceFolderTests
{
    const string Team = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels:\n    owner: platform\n";

    static ManifestsCommitted Commit() => new()
    {
        CorrelationId = Guid.NewGuid(),
        Repository = "r",
        Ref = "main",
        CommitSha = new string('a', 40),
        Cause = CommitCause.Manual,
    };

    static ClusterManifests Cluster(SampleCopy repo, string name) => Assert.Single(KitRenderer.Render(new FileSystemTree(repo.Root)).Clusters, c => c.Cluster == name);

    [Fact]
    public void A_clusters_namespace_files_travel_on_its_manifests_rendered_and_only_on_its_own()
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", Team).Write("namespaces/prod-1/README.md", "not read");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));
        var events = DeploymentEvents.From(Commit(), 1, result, DateTimeOffset.UtcNow);

        Assert.True(result.Succeeded, string.Join("; ", result.AllErrors));
        var prod = Assert.Single(events.Rendered, r => r.Cluster == "prod-1");
        var file = Assert.Single(prod.Namespaces!);
        Assert.Equal(("team.yaml", Team), (file.FileName, file.Content));
        Assert.Null(Assert.Single(events.Rendered, r => r.Cluster == "dev-1").Namespaces);
    }

    [Fact]
    public void The_namespace_files_are_part_of_the_digest_and_a_cluster_without_them_keeps_its_digest()
    {
        using var repo = new SampleCopy();
        var before = Cluster(repo, "prod-1").Digest;
        var dev = Cluster(repo, "dev-1").Digest;

        repo.Write("namespaces/prod-1/team.yaml", Team);
        var with = Cluster(repo, "prod-1").Digest;
        repo.Write("namespaces/prod-1/team.yaml", Team.Replace("platform", "payments"));

        Assert.NotEqual(before, with);
        Assert.NotEqual(with, Cluster(repo, "prod-1").Digest);
        Assert.Equal(dev, Cluster(repo, "dev-1").Digest);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "a ConfigMap", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n", "namespaces/prod-1/team.yaml:1: cluster prod-1: ConfigMap settings (v1) is not a Namespace: the namespaces folder holds only objects of kind Namespace, apiVersion v1" },
        { "another apiVersion", "apiVersion: v2\nkind: Namespace\nmetadata:\n  name: team\n", "namespaces/prod-1/team.yaml:1: cluster prod-1: Namespace team (v2) is not a Namespace" },
        { "an invalid name", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Team_1\n", "namespaces/prod-1/team.yaml" },
        { "broken YAML", "apiVersion: v1\nkind: [Namespace\n", "namespaces/prod-1/team.yaml" },
        { "an alias", "apiVersion: v1\nkind: Namespace\nmetadata: &m\n  name: team\n---\napiVersion: v1\nkind: Namespace\nmetadata: *m\n", "namespaces/prod-1/team.yaml" },
        { "a namespace twice", Team + "---\n" + Team, "namespaces/prod-1/team.yaml:7: cluster prod-1: Namespace team is also defined in namespaces/prod-1/team.yaml:1" },
        { "nothing", "# no namespace yet\n", "namespaces/prod-1/team.yaml: cluster prod-1: the file holds no Namespace" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_namespace_file_fails_its_cluster_with_an_error_naming_the_file(string _, string content, string expected)
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", content);

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));
        var events = DeploymentEvents.From(Commit(), 1, result, DateTimeOffset.UtcNow);

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith(expected, error.ToString());
        Assert.DoesNotContain(events.Rendered, r => r.Cluster == "prod-1");
        Assert.Equal("prod-1", Assert.Single(events.Failed).Cluster);
        Assert.Equal(["dev-1", "staging-1"], events.Rendered.Select(r => r.Cluster).Order());
    }

    [Fact]
    public void A_namespace_file_above_the_size_limit_is_refused()
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", Team + "# " + new string('x', (int)RepositoryLimits.MaxFileBytes) + "\n");

        var error = Assert.Single(KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors);

        Assert.Contains("kit reads files of at most 2 MiB", error.ToString());
        Assert.Equal("prod-1", error.Cluster);
    }

    [Fact]
    public void A_namespaces_folder_linked_outside_the_repository_is_refused()
    {
        using var outside = new Kit.Harness.TempDirectory("kit-outside");
        File.WriteAllText(outside.Combine("team.yaml"), Team);
        using var repo = new SampleCopy();
        Directory.CreateDirectory(Path.Combine(repo.Root, "namespaces"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "namespaces", "prod-1"), outside.Path);

        var error = Assert.Single(KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors);

        Assert.Contains("is a symbolic link that leaves the repository", error.ToString());
        Assert.Equal("prod-1", error.Cluster);
    }
}
