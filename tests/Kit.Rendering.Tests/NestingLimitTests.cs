using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>YAML nested past kit's limit fails the file it is in, with its line and the limit; it never ends the process.</summary>
public sealed class NestingLimitTests
{
    static string DeepConfigMap(int brackets) =>
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: " + new string('[', brackets) + new string(']', brackets) + "\n";

    static SampleCopy WithResource(string cluster, string file, string content) =>
        new SampleCopy()
            .Write("resources/" + file, content)
            .Write($"clusters/{cluster}/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: {cluster}\n  type: dev\nresources:\n  deep:\n    file: ./{file}\n");

    [Fact]
    public void Forty_thousand_nested_brackets_in_a_plain_manifest_fail_that_cluster_only()
    {
        using var repo = WithResource("dev-1", "deep.yaml", DeepConfigMap(40_000));

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        AssertTooDeep(result, "resources/deep.yaml", 6, failed: "dev-1", healthy: ["prod-1", "staging-1"]);
    }

    [Fact]
    public void A_template_whose_output_nests_too_deep_fails_naming_the_template()
    {
        using var repo = WithResource("dev-1", "deep.sbn", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: {{ for i in 1..40000 }}[{{ end }}{{ for i in 1..40000 }}]{{ end }}\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        AssertTooDeep(result, "resources/deep.sbn", 6);
    }

    [Fact]
    public void Nesting_below_the_limit_renders()
    {
        using var repo = WithResource("dev-1", "deep.yaml", DeepConfigMap(90));

        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ClusterName = "dev-1" });

        Assert.True(result.Succeeded, string.Join("\n", result.AllErrors));
        Assert.Contains(result.Clusters.Single().Files, f => f.FileName == "deep.yaml");
    }

    [Fact]
    public void A_deeply_nested_var_file_fails_its_cluster_with_line_and_limit()
    {
        using var repo = new SampleCopy()
            .Write("clusters/prod-1/configuration-var.yaml", "kind: ResourceConfig\nx:\n  y: " + new string('[', 40_000) + "\n");

        var result = KitRenderer.Render(new FileSystemTree(repo.Root));

        AssertTooDeep(result, "clusters/prod-1/configuration-var.yaml", 3, failed: "prod-1", healthy: ["dev-1", "staging-1"]);
    }

    [Fact]
    public void A_deeply_nested_block_manifest_is_refused_like_a_flow_one()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n";
        for (var i = 0; i < 120; i++)
        {
            text += new string(' ', 2 * (i + 1)) + "k:\n";
        }

        text += new string(' ', 242) + "v: x\n";

        var e = Assert.Throws<RenderException>(() => ManifestValidator.Validate(text, "resources/block.yaml"));
        Assert.Contains("deeper than 100 levels", e.Message);
        Assert.Equal("resources/block.yaml", e.File);
    }

    /// <summary>One error, at the file and line, saying the nesting limit; the failed cluster alone failed when one is named.</summary>
    static void AssertTooDeep(RenderResult result, string file, int line, string? failed = null, string[]? healthy = null)
    {
        var error = Assert.Single(result.AllErrors);
        Assert.Equal((file, line), (error.File, error.Line));
        Assert.Contains("deeper than 100 levels", error.Message);
        if (failed is not null)
        {
            Assert.Equal(failed, error.Cluster);
            Assert.Equal(healthy, result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
        }
    }
}
