using System.Diagnostics;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>A cluster's render is bounded in time: a template that runs too long fails its cluster only.</summary>
public sealed class RenderTimeLimitTests
{
    const string Hostile = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

    /// <summary>The sample, with dev-1 also rendering <paramref name="file"/> (under resources/) holding <paramref name="template"/>.</summary>
    static SampleCopy WithSlowDev(string file, string template, string? configuration = null)
    {
        var repo = new SampleCopy()
            .Write("clusters/dev-1/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  slow:\n    file: ./{file}\n")
            .Write("resources/" + file, template);
        return configuration is null ? repo : repo.Write("clusters/dev-1/configuration-var.yaml", "kind: ResourceConfig\n" + configuration);
    }

    static (RenderResult Result, TimeSpan Elapsed) Render(SampleCopy repo, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var result = KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { Timeout = limit });
        return (result, clock.Elapsed);
    }

    [Fact]
    public void A_catastrophic_regex_in_scriban_fails_its_cluster_within_seconds()
    {
        using var repo = WithSlowDev("re.sbn", "value: {{ \"" + Hostile + "\" | regex.match \"^(a+)+$\" }}\n");

        var (result, elapsed) = Render(repo, TimeSpan.FromSeconds(30));

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Equal("resources/re.sbn", error.File);
        Assert.Contains("regular expression", error.Message);
        Assert.Equal(["prod-1", "staging-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
    }

    [Fact]
    public void A_scriban_loop_past_the_limit_fails_its_cluster_naming_the_template_and_the_limit()
    {
        // Each match backtracks some 65,000 steps, well within the regex limit; 90,000 of them take minutes.
        using var repo = WithSlowDev("loop.sbn", "{{ for i in 1..90000 }}{{ \"aaaaaaaaaaaaaaaa!\" | regex.match \"^(a+)+$\" }}{{ end }}\n");

        var (result, elapsed) = Render(repo, TimeSpan.FromSeconds(2));

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Equal("resources/loop.sbn", error.File);
        Assert.Contains("2 s", error.Message);
        Assert.Contains("Kit__Rendering__TimeoutSeconds", error.Message);
        Assert.Equal(["prod-1", "staging-1"], result.Clusters.Where(c => c.Succeeded).Select(c => c.Cluster).Order());
    }

    [Fact]
    public void Nested_mustache_sections_past_the_limit_fail_their_cluster()
    {
        using var repo = WithSlowDev(
            "spin.mustache",
            "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}\n",
            "l: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]\n");

        var (result, elapsed) = Render(repo, TimeSpan.FromSeconds(2));

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        var error = Assert.Single(result.AllErrors);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Equal("resources/spin.mustache", error.File);
        Assert.Contains("2 s", error.Message);
        Assert.Equal(2, result.Clusters.Count(c => c.Succeeded));
    }

    [Fact]
    public void The_limit_is_thirty_seconds_unless_set()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new RenderOptions().Timeout);
        Assert.Equal(30, new RenderingSettings().TimeoutSeconds);
    }
}
