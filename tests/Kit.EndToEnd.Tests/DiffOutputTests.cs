using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Cli;
using Kit.Cli.Commands;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>
/// <c>kit diff</c>'s output: a unified diff (coloured when asked), json and yaml with documented fields; and
/// <c>--kubeconfig FILE --context NAME</c> for one cluster from a kubectl-style kubeconfig.
/// </summary>
public sealed class DiffOutputTests(ITestOutputHelper log)
{
    Task<(int Exit, string Output, string Error)> RunAsync(DeployRequest request) => DeployCommandTests.RunAsync(request, log);

    static string NewImage(Pipeline pipeline, string tag) => DeployCommandTests.NewImage(pipeline, tag);

    [Fact]
    public async Task Diff_prints_each_changed_object_as_a_unified_diff_coloured_only_when_asked()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var before = pipeline.DeployedImages("dev-1").Single();
        var image = NewImage(pipeline, "7.0.0");

        var plain = await RunAsync(request with { Diff = true });
        var coloured = await RunAsync(request with { Diff = true, Color = true });
        var wide = await RunAsync(request with { Diff = true, Output = "wide" });

        Assert.Equal(ExitCodes.Failed, plain.Exit);
        var lines = plain.Output.Split('\n');
        var from = Array.FindIndex(lines, l => l.StartsWith("--- live/dev-1/Deployment/", StringComparison.Ordinal));
        Assert.True(from > 0, plain.Output);
        Assert.Equal(lines[from].Replace("--- live/", "+++ rendered/", StringComparison.Ordinal), lines[from + 1]);
        Assert.Equal("@@ -1,1 +1,1 @@", lines[from + 2]);
        Assert.Matches($@"^-spec\.template\.spec\.containers\[[^\]]+\]\.image: ""{Regex.Escape(before)}""$", lines[from + 3]);
        Assert.Matches($@"^\+spec\.template\.spec\.containers\[[^\]]+\]\.image: ""{Regex.Escape(image)}""$", lines[from + 4]);
        Assert.DoesNotContain('\u001b', plain.Output);
        Assert.Contains($"\u001b[31m{lines[from + 3]}\u001b[0m", coloured.Output);
        Assert.Contains($"\u001b[32m{lines[from + 4]}\u001b[0m", coloured.Output);
        Assert.Contains($"\u001b[1m{lines[from]}\u001b[0m", coloured.Output);
        Assert.Matches(@"\n  = \w+ [^\n]+ \(unchanged\)\n", wide.Output);
        Assert.DoesNotContain("(unchanged)", plain.Output);
    }

    [Fact]
    public async Task Diff_as_json_and_yaml_reports_every_cluster_object_and_field()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var before = pipeline.DeployedImages("dev-1").Single();
        var image = NewImage(pipeline, "8.0.0");
        var tip = pipeline.Tip(out var repo).Sha;
        repo.Dispose();

        var json = await RunAsync(request with { Diff = true, Output = "json" });
        var yaml = await RunAsync(request with { Diff = true, Output = "yaml" });

        Assert.Equal(ExitCodes.Failed, json.Exit);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(tip, document.RootElement.GetProperty("commit").GetString());
        Assert.Empty(document.RootElement.GetProperty("renderFailures").EnumerateArray());
        var cluster = Assert.Single(document.RootElement.GetProperty("clusters").EnumerateArray());
        Assert.Equal("dev-1", cluster.GetProperty("name").GetString());
        Assert.Equal("wouldChange", cluster.GetProperty("result").GetString());
        var deployment = cluster.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "Deployment");
        Assert.Equal("configured", deployment.GetProperty("action").GetString());
        var change = Assert.Single(deployment.GetProperty("changes").EnumerateArray());
        Assert.EndsWith(".image", change.GetProperty("path").GetString());
        Assert.Equal($"\"{before}\"", change.GetProperty("live").GetString());
        Assert.Equal($"\"{image}\"", change.GetProperty("desired").GetString());
        Assert.Contains(cluster.GetProperty("objects").EnumerateArray(), o => o.GetProperty("action").GetString() == "unchanged");
        Assert.Equal(ExitCodes.Failed, yaml.Exit);
        Assert.StartsWith($"commit: {tip}\n", yaml.Output);
        Assert.Contains("  result: wouldChange\n", yaml.Output);
        Assert.Contains("    action: configured\n", yaml.Output);
    }

    /// <summary>A kubectl-style kubeconfig: two contexts, the current one pointing nowhere, no kit metadata.name.</summary>
    static string KubectlConfig(Pipeline pipeline, string cluster, string folder)
    {
        var text = File.ReadAllText(pipeline.Clusters.Cluster(cluster).KubeconfigPath!);
        string Field(string name) => Regex.Match(text, $@"{name}: (\S+)").Groups[1].Value;
        var path = Path.Combine(folder, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster:
                server: https://127.0.0.1:9
            - name: sim
              cluster:
                server: {Field("server")}
                certificate-authority-data: {Field("certificate-authority-data")}
            contexts:
            - name: kind-nowhere
              context:
                cluster: nowhere
                user: me
            - name: sim-{cluster}
              context:
                cluster: sim
                user: me
                namespace: default
            current-context: kind-nowhere
            users:
            - name: me
              user:
                token: {Field("token")}

            """);
        return path;
    }

    [Fact]
    public async Task One_kubeconfig_and_a_context_deploy_the_one_cluster_asked_for()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 2);
        var image = NewImage(pipeline, "9.0.0");
        using var folder = new Kit.Harness.TempDirectory();
        var config = KubectlConfig(pipeline, "dev-1", folder.Path);
        var request = new DeployRequest(pipeline.Repository, null, Clusters: ["dev-1"]) { Kubeconfig = config, Context = "sim-dev-1" };

        var deploy = await RunAsync(request);
        var diff = await RunAsync(request with { Diff = true });

        Assert.Equal(ExitCodes.Ok, deploy.Exit);
        Assert.Contains("to 1 cluster(s)", deploy.Output);
        Assert.Contains("dev-1: succeeded", deploy.Output);
        Assert.Contains(image, pipeline.DeployedImages("dev-1"));
        Assert.DoesNotContain(image, pipeline.DeployedImages(pipeline.ClusterNames[1]));
        Assert.Equal(ExitCodes.Ok, diff.Exit);
        Assert.Contains("dev-1: up to date", diff.Output);
        Assert.Contains("current-context: kind-nowhere", File.ReadAllText(config));
    }

    [Fact]
    public async Task A_context_the_kubeconfig_lacks_or_several_clusters_are_usage_errors()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 2);
        using var folder = new Kit.Harness.TempDirectory();
        var config = KubectlConfig(pipeline, "dev-1", folder.Path);
        var request = new DeployRequest(pipeline.Repository, null, Diff: true) { Kubeconfig = config };

        var unknown = await RunAsync(request with { Context = "nope", Clusters = ["dev-1"] });
        var several = await RunAsync(request with { Context = "sim-dev-1", Clusters = ["dev-1", pipeline.ClusterNames[1]] });
        var unnamed = await RunAsync(request with { Context = "sim-dev-1" });
        var contextAlone = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Diff: true) { Context = "sim-dev-1" });

        Assert.Equal(ExitCodes.Usage, unknown.Exit);
        Assert.Contains("has no context nope (it has kind-nowhere, sim-dev-1)", unknown.Error);
        Assert.Equal(ExitCodes.Usage, several.Exit);
        Assert.Contains("--kubeconfig serves one cluster", several.Error);
        Assert.Equal(ExitCodes.Usage, unnamed.Exit);
        Assert.Contains("renders no cluster named sim-dev-1", unnamed.Error);
        Assert.Equal(ExitCodes.Usage, contextAlone.Exit);
        Assert.Contains("--context needs --kubeconfig", contextAlone.Error);
    }
}
