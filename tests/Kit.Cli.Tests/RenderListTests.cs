using System.Text.Json;
using Kit.Cli.Commands;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary><c>kit render --list</c>: the clusters a repository defines, as a table, a wide table, json or yaml.</summary>
public sealed class RenderListTests
{
    static async Task<(int Exit, string Output, string Error)> ListAsync(RenderRequest request)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await RenderCommand.Handler(request, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task List_prints_a_table_of_the_clusters_and_renders_nothing()
    {
        using var repo = new SampleCopy();

        var (exit, output, error) = await ListAsync(new RenderRequest(repo.Root) { List = true });

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "TYPE", "BRANCH"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["dev-1", "prod-1", "staging-1"], lines[1..].Select(l => l.Split(' ')[0]));
        Assert.StartsWith("prod-1      production", lines[2]);
    }

    [Fact]
    public async Task List_as_json_and_yaml_has_the_documented_fields_and_wide_adds_columns()
    {
        using var repo = new SampleCopy();

        var json = await ListAsync(new RenderRequest(repo.Root, ClusterType: "production") { List = true, Output = "json" });
        var yaml = await ListAsync(new RenderRequest(repo.Root, Cluster: "dev-1") { List = true, Output = "yaml" });
        var wide = await ListAsync(new RenderRequest(repo.Root) { List = true, Output = "wide" });

        Assert.Equal(ExitCodes.Ok, json.Exit);
        using var document = JsonDocument.Parse(json.Output);
        var cluster = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal("prod-1", cluster.GetProperty("name").GetString());
        Assert.Equal("production", cluster.GetProperty("type").GetString());
        Assert.False(cluster.GetProperty("disabled").GetBoolean());
        Assert.False(cluster.GetProperty("allowFailure").GetBoolean());
        Assert.Equal("clusters/prod-1/cluster.yaml", cluster.GetProperty("file").GetString());
        Assert.Equal(ExitCodes.Ok, yaml.Exit);
        Assert.StartsWith("- name: dev-1\n  type: dev\n", yaml.Output);
        Assert.Contains("  file: clusters/dev-1/cluster.yaml\n", yaml.Output);
        Assert.Equal(["NAME", "TYPE", "BRANCH", "DISABLED", "ALLOW-FAILURE", "FILE"], wide.Output.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("clusters/staging-1/cluster.yaml", wide.Output);
    }

    [Fact]
    public async Task A_broken_cluster_is_an_error_line_and_the_others_are_listed()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: [dev\n");

        var (exit, output, error) = await ListAsync(new RenderRequest(repo.Root) { List = true });

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("clusters/dev-1/cluster.yaml", error);
        Assert.Contains("prod-1", output);
        Assert.DoesNotContain("dev-1", output);
    }

    [Fact]
    public async Task Output_format_without_list_is_a_usage_error()
    {
        using var repo = new SampleCopy();

        var (exit, _, error) = await ListAsync(new RenderRequest(repo.Root) { Output = "json" });

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("-o needs --list", error);
    }
}
