using Kit.Harness;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>A repository read from disk never leads outside itself, whatever its symbolic links say.</summary>
public sealed class RepositorySymlinkTests
{
    [Fact]
    public void A_folder_link_out_of_the_repository_is_an_error_naming_it()
    {
        using var outside = new TempDirectory("kit-outside");
        using var repo = new SampleCopy();
        var hello = Path.Combine(repo.Root, "resources", "hello");
        Directory.Move(hello, Path.Combine(outside.Path, "hello"));
        Directory.CreateSymbolicLink(hello, Path.Combine(outside.Path, "hello"));

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        Assert.False(result.Succeeded);
        Assert.All(result.Clusters, c => Assert.Empty(c.Files));
        Assert.All(result.AllErrors, e => Assert.Contains("'resources/hello' is a symbolic link that leaves the repository", e.Message));
        File.Delete(hello);
    }

    [Fact]
    public void A_relative_folder_link_to_a_cluster_outside_fails_that_cluster_only()
    {
        using var parent = new TempDirectory("kit-parent");
        var root = Path.Combine(parent.Path, "repo");
        using (var sample = new SampleCopy())
        {
            CopyFolder(sample.Root, root);
        }

        Directory.CreateDirectory(Path.Combine(parent.Path, "outside"));
        File.WriteAllText(Path.Combine(parent.Path, "outside", "cluster.yaml"), "kind: ClusterNamespace\nmetadata:\n  name: evil-1\n  type: dev\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "clusters", "evil-1"), "../../outside");

        var result = KitRenderer.Render(new FileSystemTree(root));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("evil-1", error.Cluster);
        Assert.Contains("'clusters/evil-1' is a symbolic link that leaves the repository", error.Message);
        Assert.Equal(["dev-1", "prod-1", "staging-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
        File.Delete(Path.Combine(root, "clusters", "evil-1"));
    }

    [Fact]
    public void A_folder_link_to_a_system_folder_is_refused()
    {
        using var repo = new SampleCopy();
        var link = Path.Combine(repo.Root, "resources", "etc");
        Directory.CreateSymbolicLink(link, "/etc");
        try
        {
            var tree = new FileSystemTree(repo.Root);

            var e = Assert.Throws<RenderException>(() => tree.ReadText("resources/etc/hostname"));
            Assert.Contains("'resources/etc' is a symbolic link that leaves the repository", e.Message);
            Assert.Throws<RenderException>(() => tree.Files("resources/etc"));
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Fact]
    public void A_folder_link_that_stays_inside_is_followed()
    {
        using var repo = new SampleCopy();
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "resources", "hello-again"), "hello");
        repo.Write("base-cluster.yaml", File.ReadAllText(Path.Combine(repo.Root, "base-cluster.yaml")).Replace("./hello/", "./hello-again/"));

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        Assert.True(result.Succeeded, string.Join("\n", result.AllErrors));
        Assert.Equal(3, result.Clusters.Count(c => c.Files.Count == 2));
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
