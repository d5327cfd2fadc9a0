using System.Diagnostics;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit deploy`: a cluster that cannot render (defined twice, endlessly slow) touches only itself.</summary>
public sealed class DeployIsolationTests(ITestOutputHelper log)
{
    /// <summary>A Mustache template that would loop 200^6 times, in dev-1 only.</summary>
    static readonly Dictionary<string, string> SlowDev = new()
    {
        ["clusters/dev-1/cluster.yaml"] = "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  spin:\n    file: ./spin.mustache\n",
        ["clusters/dev-1/configuration-var.yaml"] = "kind: ResourceConfig\nl: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]\n",
        ["resources/spin.mustache"] = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}\n",
    };

    /// <summary>The sample pipeline with one more commit on main that writes <paramref name="file"/>.</summary>
    static async Task<Pipeline> StartWithAsync(string file, string content, string message)
    {
        var pipeline = await Pipeline.StartAsync();
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string> { [file] = content }, message);
        return pipeline;
    }

    async Task<(int Exit, string Output, string Error)> RunAsync(DeployRequest request)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await DeployCommand.Handler(request, output, error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        log.WriteLine($"exit {exit}\n{output}{error}");
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_cluster_defined_twice_gets_nothing_the_others_deploy()
    {
        await using var pipeline = await StartWithAsync("clusters/dev-1-copy/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\n", "a second definition of dev-1");

        var result = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs));

        Assert.Equal(ExitCodes.Failed, result.Exit);
        var line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("dev-1:", StringComparison.Ordinal));
        Assert.Contains("render failed", line);
        Assert.Contains("clusters/dev-1/cluster.yaml", line);
        Assert.Contains("clusters/dev-1-copy/cluster.yaml", line);
        Assert.Empty(pipeline.Clusters.Cluster("dev-1").List("deployments"));
        Assert.Contains("prod-1: succeeded", result.Output);
        Assert.NotEmpty(pipeline.DeployedImages("prod-1"));
    }

    [Fact]
    public async Task Deploy_of_one_cluster_renders_only_it_so_a_slow_other_cluster_does_not_hold_it()
    {
        await using var pipeline = await Pipeline.StartAsync();
        BareGitRepository.CommitTo(pipeline.Repository, "main", SlowDev, "an endless template in dev-1");
        var clock = Stopwatch.StartNew();

        var result = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Clusters: ["prod-1"]));

        Assert.Equal(ExitCodes.Ok, result.Exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("prod-1: succeeded", result.Output);
        Assert.DoesNotContain("dev-1", result.Output);
        Assert.Empty(pipeline.Clusters.Cluster("dev-1").List("deployments"));
    }

    [Fact]
    public async Task Diff_of_one_cluster_ignores_a_broken_other_cluster()
    {
        await using var pipeline = await StartWithAsync("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: [dev\n", "a broken dev-1");

        var result = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Clusters: ["prod-1"], Diff: true));

        Assert.Equal(ExitCodes.Failed, result.Exit);
        Assert.Contains("prod-1: would change", result.Output);
        Assert.DoesNotContain("dev-1", result.Output + result.Error);
    }

    [Fact]
    public async Task A_cluster_that_renders_past_the_time_limit_fails_alone_naming_the_limit()
    {
        await using var pipeline = await Pipeline.StartAsync();
        BareGitRepository.CommitTo(pipeline.Repository, "main", SlowDev, "an endless template in dev-1");
        Environment.SetEnvironmentVariable("Kit__Rendering__TimeoutSeconds", "2");
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs));

            Assert.Equal(ExitCodes.Failed, result.Exit);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            var line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("dev-1:", StringComparison.Ordinal));
            Assert.Contains("resources/spin.mustache", line);
            Assert.Contains("2 s", line);
            Assert.Contains("Kit__Rendering__TimeoutSeconds", line);
            Assert.Empty(pipeline.Clusters.Cluster("dev-1").List("deployments"));
            Assert.Contains("prod-1: succeeded", result.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Kit__Rendering__TimeoutSeconds", null);
        }
    }
}
