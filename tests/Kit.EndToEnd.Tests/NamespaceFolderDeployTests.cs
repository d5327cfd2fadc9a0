using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Testing;

namespace Kit.EndToEnd.Tests;

/// <summary>kit's namespaces/&lt;cluster&gt;/*.yaml through `kit deploy`: rendered from git, created when missing, never updated.</summary>
public sealed class NamespaceFolderDeployTests
{
    static async Task<(int Exit, string Output)> RunAsync(DeployRequest request)
    {
        var output = new StringWriter();
        var exit = await DeployCommand.Handler(request, output, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task A_clusters_namespace_is_created_before_its_manifests_and_an_existing_one_keeps_what_was_added()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var (withFolder, existing) = (pipeline.ClusterNames[0], pipeline.ClusterNames[1]);
        string baseCluster;
        using (var repo = new LibGit2Sharp.Repository(pipeline.Repository))
        {
            baseCluster = ((LibGit2Sharp.Blob)repo.Branches["main"].Tip["base-cluster.yaml"].Target).GetContentText();
        }

        var files = new Dictionary<string, string>
        {
            ["base-cluster.yaml"] = baseCluster + "  settings:\n    file: ./settings.yaml\n",
            ["resources/settings.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team\ndata:\n  a: b\n",
        };
        foreach (var cluster in pipeline.ClusterNames)
        {
            files[$"namespaces/{cluster}/team.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels:\n    from: kit\n";
        }

        BareGitRepository.CommitTo(pipeline.Repository, "main", files, "settings in namespace team");
        pipeline.Clusters.Cluster(existing).Apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {added-by: someone}}");
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);

        var dryRun = await RunAsync(request with { DryRun = true });

        Assert.True(dryRun.Exit == ExitCodes.Ok, dryRun.Output);
        Assert.Contains($"{withFolder}: succeeded: ", dryRun.Output);
        Assert.Single(dryRun.Output.Split('\n'), l => l.Trim() == "+ Namespace team");
        Assert.Null(pipeline.Clusters.Cluster(withFolder).Get("Namespace", null, "team"));

        var deployed = await RunAsync(request);

        Assert.True(deployed.Exit == ExitCodes.Ok, deployed.Output);
        Assert.Equal("kit", (string?)pipeline.Clusters.Cluster(withFolder).Get("Namespace", null, "team")!["metadata"]!["labels"]!["from"]);
        var kept = pipeline.Clusters.Cluster(existing).Get("Namespace", null, "team")!["metadata"]!["labels"]!.AsObject();
        Assert.Equal(["added-by"], kept.Select(l => l.Key));
        Assert.All(pipeline.ClusterNames, c => Assert.NotNull(pipeline.Clusters.Cluster(c).Get("ConfigMap", "team", "settings")));
    }
}
