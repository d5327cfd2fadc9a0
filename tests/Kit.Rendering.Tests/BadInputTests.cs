using System.Diagnostics;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>Bad input fails the cluster it belongs to with file and line; the other clusters still render.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Malformed_cluster_yaml_fails_that_cluster_with_its_line()
    {
        using var repo = new SampleCopy().Write("clusters/staging-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: staging-1\n  type: [staging\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("clusters/staging-1/cluster.yaml", error.File);
        Assert.Equal("staging-1", error.Cluster);
        Assert.NotNull(error.Line);
        Assert.Contains("malformed YAML", error.Message);
        Assert.Equal(["dev-1", "prod-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
    }

    [Fact]
    public void Missing_template_names_the_file_that_refers_to_it()
    {
        using var repo = new SampleCopy();
        File.Delete(Path.Combine(repo.Root, "resources/hello/hello-deployment.sbn"));

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        Assert.False(result.Succeeded);
        Assert.All(result.Clusters, c => Assert.Empty(c.Files));
        var error = result.AllErrors.First();
        Assert.Equal("base-cluster.yaml", error.File);
        Assert.Equal(9, error.Line);
        Assert.Contains("resources/hello/hello-deployment.sbn does not exist", error.Message);
    }

    [Fact]
    public void Unknown_variable_in_a_scriban_template_is_an_error_with_its_line()
    {
        using var repo = new SampleCopy()
            .Write("resources/hello/hello-deployment.sbn", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ name }}\nspec:\n  replicas: {{ deployment.replicas }}\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("resources/hello/hello-deployment.sbn", error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("replicas", error.Message);
    }

    [Fact]
    public void Unknown_top_level_variable_in_scriban_is_an_error()
    {
        using var repo = new SampleCopy()
            .Write("resources/hello/hello-deployment.sbn", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ nmae }}\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        var error = Assert.Single(result.AllErrors);
        Assert.Equal(4, error.Line);
        Assert.Contains("nmae", error.Message);
    }

    [Fact]
    public void Missing_image_file_fails_the_resource()
    {
        using var repo = new SampleCopy()
            .Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\n  branch: feature-x\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Contains("no image file for image_tag 'hello' on branch 'feature-x'", error.Message);
        Assert.Equal(2, result.Clusters.Count(c => c.Succeeded && c.Files.Count == 2));
    }

    [Fact]
    public void Invalid_image_reference_is_an_error_naming_the_image_file()
    {
        using var repo = new SampleCopy().Write("images/hello/main.yaml", "image: 'Registry Example/hello:1.0'\n");

        var error = KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors.First();

        Assert.Equal("images/hello/main.yaml", error.File);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Two_primary_containers_are_an_error()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", """
            kind: ClusterNamespace
            metadata:
              name: dev-1
              type: dev
            resources:
              hello:
                containers:
                  app:
                    primary: true
                  sidecar:
                    name: sidecar
                    image: registry.example.com/team/sidecar:1.0
                    primary: true
            """);

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        var error = Assert.Single(result.AllErrors);
        Assert.Contains("2 containers and 2 marked primary", error.Message);
        Assert.Equal("clusters/dev-1/cluster.yaml", error.File);
    }

    [Fact]
    public void Yaml_alias_bomb_is_refused_quickly_with_a_clear_error()
    {
        var bomb = "kind: ResourceConfig\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
        var previous = "a";
        for (var level = 'b'; level <= 'k'; level++)
        {
            bomb += $"{level}: &{level} [{string.Join(", ", Enumerable.Repeat("*" + previous, 10))}]\n";
            previous = level.ToString();
        }

        using var repo = new SampleCopy().Write("clusters/prod-1/configuration-var.yaml", bomb);
        var clock = Stopwatch.StartNew();

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("clusters/prod-1/configuration-var.yaml", error.File);
        Assert.Contains("alias bomb", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Template_path_that_leaves_the_repository_is_refused()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", """
            kind: ClusterNamespace
            metadata:
              name: dev-1
              type: dev
            resources:
              hello:
                file: ../../../etc/passwd.mustache
            """);

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        var error = Assert.Single(result.AllErrors);
        Assert.Contains("leaves the repository", error.Message);
        Assert.Equal("clusters/dev-1/cluster.yaml", error.File);
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void Cluster_name_that_is_not_dns_1123_is_an_error()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: Dev_1\n  type: dev\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("clusters/dev-1/cluster.yaml", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("DNS-1123", error.Message);
        Assert.Equal(2, result.Clusters.Count(c => c.Succeeded));
    }

    [Fact]
    public void Unknown_cluster_type_is_an_error_even_for_a_disabled_cluster()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: qa\n  disable: true\n");

        var error = Assert.Single(KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors);

        Assert.Contains("unknown cluster type 'qa'", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Rendered_output_without_metadata_name_is_an_error()
    {
        using var repo = new SampleCopy().Write("resources/base-svc.mustache", "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {}\n");

        var error = KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors.First();

        Assert.Equal("resources/base-svc.mustache", error.File);
        Assert.Contains("has no metadata.name", error.Message);
    }

    [Fact]
    public void Rendered_output_that_is_not_yaml_names_the_template_and_line()
    {
        using var repo = new SampleCopy().Write("resources/base-svc.mustache", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{{svc.name}}}\n  labels: [a\n");

        var error = KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors.First();

        Assert.Equal("resources/base-svc.mustache", error.File);
        Assert.Contains("not valid YAML", error.Message);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("  labels:\n    - x: 1\n      y: {2\n    - z\n")]
    [InlineData("  labels: !![str 1\n")]
    public void Rendered_output_that_the_yaml_parser_cannot_read_is_an_error_not_a_crash(string tail)
    {
        using var repo = new SampleCopy().Write("resources/base-svc.mustache", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{{svc.name}}}\n" + tail);

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        Assert.All(result.Clusters, c => Assert.Empty(c.Files));
        var error = result.AllErrors.First();
        Assert.Equal("resources/base-svc.mustache", error.File);
        Assert.Contains("not valid YAML", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Cluster_yaml_that_the_yaml_parser_cannot_read_fails_only_that_cluster()
    {
        using var repo = new SampleCopy().Write("clusters/staging-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: staging-1\n  type: !![str 1\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("clusters/staging-1/cluster.yaml", error.File);
        Assert.Contains("malformed YAML", error.Message);
        Assert.Equal(["dev-1", "prod-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
    }

    [Fact]
    public void Two_resources_writing_one_file_is_an_error_naming_both()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", """
            kind: ClusterNamespace
            metadata:
              name: dev-1
              type: dev
            resources:
              hello-again:
                file: ./hello/hello-deployment.sbn
                containers:
                  app:
                    name: hello
                    image_tag: hello
                    env: []
            """);

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        var error = Assert.Single(result.AllErrors);
        Assert.Contains("'hello' and 'hello-again'", error.Message);
    }

    [Fact]
    public void Unsupported_template_extension_is_an_error()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  hello:\n    file: ./hello/hello.j2\n");

        var error = Assert.Single(KitRenderer.Render(new FileSystemTree(repo.Root)).AllErrors);

        Assert.Contains("unsupported file type '.j2'", error.Message);
    }

    [Fact]
    public void Broken_kit_yaml_fails_the_whole_render()
    {
        using var repo = new SampleCopy().Write("kit.yaml", "base: [\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        var error = Assert.Single(result.Errors);
        Assert.Equal("kit.yaml", error.File);
        Assert.Empty(result.Clusters);
    }

    [Fact]
    public void Oversized_file_fails_its_cluster_naming_the_file_in_a_folder_and_at_a_commit()
    {
        var padding = "kind: ResourceConfig\nresources:\n  hello:\n    note: \"" + new string('x', 3 * 1024 * 1024) + "\"\n";
        using var repo = new SampleCopy().Write("clusters/prod-1/configuration-var.yaml", padding);
        var sha = repo.Commit("oversized");

        foreach (var tree in new IRepositoryTree[] { new FileSystemTree(repo.Root), GitTree.Open(repo.Root, sha) })
        {
            var result = KitRenderer.Render(tree);

            var error = Assert.Single(result.AllErrors);
            Assert.Equal("clusters/prod-1/configuration-var.yaml", error.File);
            Assert.Contains("at most 2 MiB", error.Message);
            Assert.Equal(["dev-1", "staging-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
            (tree as IDisposable)?.Dispose();
        }
    }
}
