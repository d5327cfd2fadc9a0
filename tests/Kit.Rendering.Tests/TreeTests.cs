using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>Reading a commit from git objects, and digests.</summary>
public sealed class TreeTests
{
    [Fact]
    public void A_commit_renders_from_git_objects_whatever_the_working_copy_holds()
    {
        using var repo = new SampleCopy();
        var first = repo.Commit("first");
        repo.Write("images/hello/main.yaml", "image: registry.example.com/team/hello:2.0.0\n");
        var second = repo.Commit("second");
        repo.Write("images/hello/main.yaml", "image: [not yaml\n");

        using var firstTree = GitTree.Open(repo.Root, first);
        using var secondTree = GitTree.Open(repo.Root, second);
        var old = KitRenderer.Render(firstTree);
        var current = KitRenderer.Render(secondTree);

        Assert.True(old.Succeeded);
        Assert.True(current.Succeeded);
        Assert.Contains("hello:1.0.0", old.Clusters[0].Files.Single(f => f.FileName == "hello-deployment.yaml").Content);
        Assert.Contains("hello:2.0.0", current.Clusters[0].Files.Single(f => f.FileName == "hello-deployment.yaml").Content);
        Assert.False(KitRenderer.Render(new FileSystemTree(repo.Root)).Succeeded);
    }

    [Fact]
    public void A_commit_finds_files_and_folders_by_path_as_git_does()
    {
        using var repo = new SampleCopy();
        var sha = repo.Commit("first");
        using var tree = GitTree.Open(repo.Root, sha);
        var expected = File.ReadAllText(Path.Combine(repo.Root, "images/hello/main.yaml"));

        // Twice: the second reading comes from the folders listed by the first.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(expected, tree.ReadText("images/hello/main.yaml"));
            Assert.Equal(["main.yaml"], tree.Files("images/hello"));
            Assert.Contains("hello", tree.Folders("images"));
            Assert.Null(tree.ReadText("images/hello"));
            Assert.Null(tree.ReadText("images/hello/missing.yaml"));
            Assert.Null(tree.ReadText("images/missing/main.yaml"));
            Assert.Null(tree.ReadText("images/hello/main.yaml/more"));
            Assert.Null(tree.ReadText("images//hello/main.yaml"));
            Assert.Null(tree.ReadText("images/./hello/main.yaml"));
            Assert.Empty(tree.Files("images/missing"));
            Assert.Empty(tree.Folders("images/hello/main.yaml"));
        }
    }

    [Fact]
    public void A_folder_follows_symbolic_links_only_while_they_stay_inside_it()
    {
        using var repo = new SampleCopy();
        var outside = Path.Combine(Path.GetTempPath(), "kit-outside-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(outside, "image: registry.example.com/team/hello:9.9.9\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(repo.Root, "images/hello/inside.yaml"), "main.yaml");
            File.CreateSymbolicLink(Path.Combine(repo.Root, "images/hello/outside.yaml"), outside);
            var tree = new FileSystemTree(repo.Root);

            Assert.Equal(tree.ReadText("images/hello/main.yaml"), tree.ReadText("images/hello/inside.yaml"));
            var refused = Assert.Throws<RenderException>(() => tree.ReadText("images/hello/outside.yaml"));
            Assert.Contains("symbolic link that leaves the repository", refused.Message);
            Assert.Null(tree.ReadText("images/hello/missing.yaml"));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16")]
    public void A_folder_reads_text_with_or_without_a_byte_order_mark(string encoding)
    {
        using var repo = new SampleCopy();
        const string text = "image: registry.example.com/team/hello:1.0.0 # é ✓\n";
        var bytes = encoding switch
        {
            "utf-8" => System.Text.Encoding.UTF8.GetBytes(text),
            "utf-8-bom" => [.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.GetBytes(text)],
            _ => [.. System.Text.Encoding.Unicode.Preamble, .. System.Text.Encoding.Unicode.GetBytes(text)],
        };
        File.WriteAllBytes(Path.Combine(repo.Root, "images/hello/main.yaml"), bytes);

        Assert.Equal(text, new FileSystemTree(repo.Root).ReadText("images/hello/main.yaml"));
    }

    [Fact]
    public void Digest_is_sha256_over_length_prefixed_names_and_contents_in_name_order()
    {
        RenderedFile[] files = [new("b.yaml", "kind: B\n"), new("a.yaml", "kind: A ✓\n")];
        var expected = new List<byte>();
        foreach (var text in new[] { "a.yaml", "kind: A ✓\n", "b.yaml", "kind: B\n" })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            expected.AddRange(BitConverter.GetBytes(bytes.Length));
            expected.AddRange(bytes);
        }

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected.ToArray())), ClusterManifests.ComputeDigest(files));
        Assert.Equal(ClusterManifests.ComputeDigest(files), ClusterManifests.ComputeDigest(files.Reverse()));
    }

    [Fact]
    public void Digest_is_stable_for_the_same_files_and_changes_with_them()
    {
        using var repo = new SampleCopy();
        var one = KitRenderer.Render(new FileSystemTree(repo.Root)).Clusters.ToDictionary(c => c.Cluster, c => c.Digest);
        var two = KitRenderer.Render(new FileSystemTree(repo.Root)).Clusters.ToDictionary(c => c.Cluster, c => c.Digest);
        repo.Write("clusters/dev-1/configuration-var.yaml", "kind: ResourceConfig\ndeployment:\n  replicaCount: 4\n");
        var three = KitRenderer.Render(new FileSystemTree(repo.Root)).Clusters.ToDictionary(c => c.Cluster, c => c.Digest);

        Assert.Equal(one, two);
        Assert.Equal(64, one["dev-1"].Length);
        Assert.NotEqual(one["dev-1"], three["dev-1"]);
        Assert.Equal(one["prod-1"], three["prod-1"]);
    }
}
