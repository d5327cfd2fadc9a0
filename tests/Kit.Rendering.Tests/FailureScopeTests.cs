using System.Text;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>A broken input fails what depends on it, no more, and says where; from a folder and from git alike.</summary>
public sealed class FailureScopeTests
{
    static RenderResult Render(SampleCopy repo, bool fromGit)
    {
        if (!fromGit)
        {
            return KitRenderer.Render(new FileSystemTree(repo.Root));
        }

        using var tree = GitTree.Open(repo.Root, repo.Commit());
        return KitRenderer.Render(tree);
    }

    static string[] Succeeded(RenderResult result) =>
        [.. result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order(StringComparer.Ordinal)];

    /// <summary>A broken type file (path, content), the one cluster it fails, the error it names, the clusters still rendered; read from disk and from git.</summary>
    public static TheoryData<string, string, string, string, string[], bool> BrokenTypeFiles => new()
    {
        { "type/staging-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: [staging\n", "staging-1", "malformed YAML", ["dev-1", "prod-1"], false },
        { "type/staging-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: [staging\n", "staging-1", "malformed YAML", ["dev-1", "prod-1"], true },
        { "type/dev-var.yaml", "kind: ResourceConfig\nmetadata:\n  name: oops\n", "dev-1", "metadata.type is not set", ["prod-1", "staging-1"], false },
        { "type/dev-var.yaml", "kind: ResourceConfig\nmetadata:\n  name: oops\n", "dev-1", "metadata.type is not set", ["prod-1", "staging-1"], true },
    };

    [Theory]
    [MemberData(nameof(BrokenTypeFiles))]
    public void A_broken_type_file_fails_only_the_clusters_of_that_type(string file, string text, string cluster, string message, string[] succeeded, bool fromGit)
    {
        using var repo = new SampleCopy().Write(file, text);

        var result = Render(repo, fromGit);

        Assert.Empty(result.Errors);
        var error = Assert.Single(result.AllErrors);
        Assert.Equal(cluster, error.Cluster);
        Assert.Equal(file, error.File);
        if (message == "malformed YAML")
        {
            Assert.NotNull(error.Line);
        }

        Assert.Contains(message, error.Message);
        Assert.Equal(succeeded, Succeeded(result));
    }

    public static TheoryData<string, bool, string[]> InvalidUtf8Inputs => new()
    {
        // file, from git, the clusters that still render (none listed = the whole commit fails)
        { "clusters/dev-1/cluster.yaml", false, ["prod-1", "staging-1"] },
        { "clusters/dev-1/cluster.yaml", true, ["prod-1", "staging-1"] },
        { "clusters/prod-1/configuration-var.yaml", false, ["dev-1", "staging-1"] },
        { "clusters/prod-1/configuration-var.yaml", true, ["dev-1", "staging-1"] },
        { "type/staging-var.yaml", false, ["dev-1", "prod-1"] },
        { "type/staging-var.yaml", true, ["dev-1", "prod-1"] },
        { "base-var.yaml", false, [] },
        { "base-var.yaml", true, [] },
        { "kit.yaml", false, [] },
        { "kit.yaml", true, [] },
        { "resources/hello/hello-deployment.sbn", false, [] },
        { "resources/hello/hello-deployment.sbn", true, [] },
        { "resources/base-svc.mustache", false, [] },
        { "resources/base-svc.mustache", true, [] },
        { "images/hello/main.yaml", false, [] },
        { "images/hello/main.yaml", true, [] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Inputs))]
    public void Invalid_utf8_in_an_input_is_an_error_naming_file_and_line(string file, bool fromGit, string[] stillRendering)
    {
        using var repo = new SampleCopy();
        var path = Path.Combine(repo.Root, file);
        var lines = File.ReadAllText(path).Split('\n').ToList();

        // A comment line 3 with a bad byte: decoded with replacement characters, the file would still render.
        lines.Insert(2, "# caf\uFFFD au lait");
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines)).ToList();
        var marker = Encoding.UTF8.GetBytes("\uFFFD");
        var at = Enumerable.Range(0, bytes.Count).First(i => bytes.Skip(i).Take(marker.Length).SequenceEqual(marker));
        bytes.RemoveRange(at, marker.Length);
        bytes.Insert(at, 0xE9);
        File.WriteAllBytes(path, [.. bytes]);

        var result = Render(repo, fromGit);

        var error = result.AllErrors.First();
        Assert.Equal(file, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.All(result.AllErrors, e => Assert.Equal(file, e.File));
        Assert.Equal(stillRendering, Succeeded(result));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_plain_manifest_with_invalid_utf8_fails_its_cluster_naming_file_and_line(bool fromGit)
    {
        using var repo = new SampleCopy()
            .Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  extra:\n    file: ./extra.yaml\n");
        File.WriteAllBytes(Path.Combine(repo.Root, "resources/extra.yaml"), [.. "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  x: \""u8, 0xC3, 0x28, .. "\"\n"u8]);

        var result = Render(repo, fromGit);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("resources/extra.yaml", error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Equal(["prod-1", "staging-1"], Succeeded(result));
    }
}
