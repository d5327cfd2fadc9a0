using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit diff`, `kit deploy --dry-run` and `kit deploy` on a cluster changed behind kit's back, and on objects that would be pruned.</summary>
public sealed class DeployDriftCommandTests(ITestOutputHelper log)
{
    async Task<(int Exit, string Output)> RunAsync(DeployRequest request)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await DeployCommand.Handler(request, output, error, CancellationToken.None);
        log.WriteLine($"exit {exit}\n{output}{error}");
        return (exit, output.ToString() + error);
    }

    [Fact]
    public async Task Kubectl_set_env_is_shown_by_diff_as_a_field_to_remove_and_deploy_removes_it()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var cluster = pipeline.Clusters.Cluster("dev-1");
        var hello = cluster.List("deployments").Single();
        var ns = hello["metadata"]!["namespace"]!.GetValue<string>();
        using var temp = new Kit.Harness.TempDirectory();
        var kubectl = await new Kubectl(pipeline.Clusters.KubeconfigPath("dev-1"), temp.Combine("cache"))
            .RunAsync("-n", ns, "set", "env", $"deployment/{hello["metadata"]!["name"]}", "FOO=bar");
        Assert.True(kubectl.ExitCode == 0, kubectl.All);

        var diff = await RunAsync(request with { Diff = true });
        var dryRun = await RunAsync(request with { DryRun = true });
        var deploy = await RunAsync(request);

        Assert.Equal(ExitCodes.Failed, diff.Exit);
        Assert.Contains("dev-1: would change", diff.Output);
        Assert.Matches(@"\n-spec\.template\.spec\.containers\[[^\]]+\]\.env\[name=FOO\]: \{""name"":""FOO"",""value"":""bar""\}\n", diff.Output);
        Assert.DoesNotContain("+spec.template.spec.containers", diff.Output);
        Assert.Contains("env[name=FOO]: {\"name\":\"FOO\",\"value\":\"bar\"} -> (none)", dryRun.Output);
        Assert.Contains("dev-1: succeeded", deploy.Output);
        Assert.DoesNotContain("FOO", cluster.List("deployments").Single().ToJsonString());
        var again = await RunAsync(request with { Diff = true });
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.Contains("dev-1: up to date", again.Output);
    }

    [Fact]
    public async Task Diff_and_dry_run_name_each_object_that_would_be_pruned()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var hello = pipeline.Clusters.Cluster("dev-1").List("deployments").Single()["metadata"]!;
        var line = $"prune Deployment/{hello["namespace"]}/{hello["name"]}";
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["clusters/dev-1/cluster.yaml"] = "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  hello:\n    disable: true\n",
        }, "dev-1 runs no hello");

        var diff = await RunAsync(request with { Diff = true });
        var dryRun = await RunAsync(request with { DryRun = true });

        Assert.Equal(ExitCodes.Failed, diff.Exit);
        Assert.Contains(line, diff.Output);
        Assert.Contains(line, dryRun.Output);
        Assert.Single(pipeline.Clusters.Cluster("dev-1").List("deployments"));
        Assert.Contains("dev-1: succeeded", (await RunAsync(request)).Output);
        Assert.Empty(pipeline.Clusters.Cluster("dev-1").List("deployments"));
    }
}
