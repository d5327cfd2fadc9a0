using Kit.Rendering.Templates;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>A rendered file is whole or an error naming the template and the limit: never cut short.</summary>
public sealed class OutputLimitTests
{
    const string Prefix = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: \"";
    const string Suffix = "\"\n";
    const string Chunk = "0123456789";

    /// <summary>A ConfigMap template whose data value renders to exactly <paramref name="count"/> characters.</summary>
    static string Template(string file, int count)
    {
        // Neither engine may loop a million times: sections over `thousands` and `ten` (lists in the cluster's
        // variables) repeat `kilo`, a 1,000-character string; the remainder is written out.
        var remainder = count % 10_000;
        var repeated = file.EndsWith(".sbn", StringComparison.Ordinal)
            ? "{{ for t in thousands }}{{ for o in ten }}{{ kilo }}{{ end }}{{ end }}"
            : "{{#thousands}}{{#ten}}{{kilo}}{{/ten}}{{/thousands}}";
        return Prefix + repeated + string.Concat(Enumerable.Repeat(Chunk, remainder / 10)) + new string('x', remainder % 10) + Suffix;
    }

    static SampleCopy WithTemplate(string file, int count)
    {
        var ones = (int n) => "[" + string.Join(", ", Enumerable.Repeat("1", n)) + "]";
        return new SampleCopy()
            .Write("resources/" + file, Template(file, count))
            .Write("clusters/dev-1/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  big:\n    file: ./{file}\n")
            .Write(
                "clusters/dev-1/configuration-var.yaml",
                $"kind: ResourceConfig\nthousands: {ones(count / 10_000)}\nten: {ones(10)}\nkilo: \"{string.Concat(Enumerable.Repeat(Chunk, 100))}\"\n");
    }

    static RenderResult Render(SampleCopy repo, int? maxOutputBytes = null) =>
        KitRenderer.Render(new FileSystemTree(repo.Root), maxOutputBytes is { } max
            ? new RenderOptions { ClusterName = "dev-1", MaxOutputBytes = max }
            : new RenderOptions { ClusterName = "dev-1" });

    static string Big(RenderResult result)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.AllErrors));
        return result.Clusters.Single().Files.Single(f => f.FileName == "big.yaml").Content;
    }

    [Theory]
    [InlineData("big.sbn")]
    [InlineData("big.mustache")]
    public void An_output_over_one_mebibyte_renders_whole_under_the_default_limit(string file)
    {
        using var repo = WithTemplate(file, 3_000_005);

        var content = Big(Render(repo));

        Assert.Equal(Prefix.Length + 3_000_005 + Suffix.Length, content.Length);
        Assert.EndsWith(Chunk + "xxxxx" + Suffix, content);
    }

    [Theory]
    [InlineData("big.sbn")]
    [InlineData("big.mustache")]
    public void Output_just_under_the_limit_renders_whole(string file)
    {
        const int limit = 1024 * 1024;
        var count = limit - Prefix.Length - Suffix.Length;
        using var repo = WithTemplate(file, count);

        Assert.Equal(limit, Big(Render(repo, limit)).Length);
    }

    [Theory]
    [InlineData("big.sbn")]
    [InlineData("big.mustache")]
    public void Output_over_the_limit_fails_naming_the_template_and_the_limit(string file)
    {
        const int limit = 1024 * 1024;
        using var repo = WithTemplate(file, limit - Prefix.Length - Suffix.Length + 1);

        var result = Render(repo, limit);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("resources/" + file, error.File);
        Assert.Equal("dev-1", error.Cluster);
        Assert.Contains("larger than 1 MiB", error.Message);
        Assert.Contains("Kit__Rendering__MaxOutputBytes", error.Message);
        Assert.DoesNotContain(result.Clusters.Single().Files, f => f.FileName == "big.yaml");
    }

    [Theory]
    [InlineData("big.sbn")]
    [InlineData("big.mustache")]
    public void Raising_the_setting_lets_a_bigger_output_through(string file)
    {
        using var repo = WithTemplate(file, 5_000_000);

        Assert.Contains("larger than 4 MiB", Assert.Single(Render(repo).AllErrors).Message);
        Assert.Equal(Prefix.Length + 5_000_000 + Suffix.Length, Big(Render(repo, 8 * 1024 * 1024)).Length);
    }

    [Fact]
    public void The_limit_counts_utf8_bytes_not_characters()
    {
        var template = MustacheTemplate.Parse("t.mustache", "{{x}}", maxOutputBytes: 1000);

        Assert.Equal(500, template.Render(new Dictionary<string, object?> { ["x"] = new string('é', 500) }).Length);
        var error = Assert.Throws<RenderException>(() => template.Render(new Dictionary<string, object?> { ["x"] = new string('é', 501) }));
        Assert.Equal("t.mustache", error.File);
        Assert.Contains("larger than 1000 bytes", error.Message);
    }
}
