using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>
/// <c>kit diff</c> and <c>kit deploy</c> over a deployments repository that takes the <c>api</c> resource from a
/// service repository (a real <c>git daemon</c>): at its pin, and with <c>--source api=PATH</c> from a working copy.
/// </summary>
public sealed class SourceCommandTests(ITestOutputHelper log)
{
    const string ApiResources = "resources:\n  api:\n    file: api.sbn\n";

    static string ApiTemplate(string version) => "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  version: \"" + version + "\"\n";

    Task<(int Exit, string Output, string Error)> RunAsync(DeployRequest request) => DeployCommandTests.RunAsync(request, log);

    [Fact]
    public async Task Diff_and_deploy_read_a_source_at_its_pin_and_from_a_working_copy_with_source()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);
        using var services = await ServiceRepositories.StartAsync();
        var pin = services.Commit("api", new Dictionary<string, string> { ["deploy/kit-resources.yaml"] = ApiResources, ["deploy/api.sbn"] = ApiTemplate("pinned") });
        string kit;
        using (var repo = new Repository(pipeline.Repository))
        {
            kit = ((Blob)repo.Branches["main"].Tip["kit.yaml"].Target).GetContentText();
        }

        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["kit.yaml"] = kit + $"sources:\n  - name: api\n    url: {services.Url("api")}\n    path: deploy\n",
            [SourcesLock.Path] = $"api: {pin}\n",
        }, "Take api's templates from its own repository");
        using var copy = new TempDirectory("kit-api-copy");
        Directory.CreateDirectory(copy.Combine("deploy"));
        File.WriteAllText(copy.Combine("deploy", "kit-resources.yaml"), ApiResources);
        File.WriteAllText(copy.Combine("deploy", "api.sbn"), ApiTemplate("working-copy"));
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);

        var pinned = await RunAsync(request);
        Assert.True(pinned.Exit == ExitCodes.Ok, pinned.Output + pinned.Error);
        Assert.Equal("pinned", Version(pipeline));

        var unchanged = await RunAsync(request with { Diff = true });
        Assert.Equal(ExitCodes.Ok, unchanged.Exit);

        var diff = await RunAsync(request with { Diff = true, Sources = ["api=" + copy.Path] });
        Assert.Equal(ExitCodes.Failed, diff.Exit);
        Assert.Contains("--- live/dev-1/ConfigMap/", diff.Output);
        Assert.Contains("-data.version: \"pinned\"", diff.Output);
        Assert.Contains("+data.version: \"working-copy\"", diff.Output);
        Assert.Equal("pinned", Version(pipeline));

        var deployed = await RunAsync(request with { Sources = ["api=" + copy.Path] });
        Assert.True(deployed.Exit == ExitCodes.Ok, deployed.Output + deployed.Error);
        Assert.Equal("working-copy", Version(pipeline));

        // Without --source the pin is what deploys again.
        var back = await RunAsync(request with { Force = true });
        Assert.True(back.Exit == ExitCodes.Ok, back.Output + back.Error);
        Assert.Equal("pinned", Version(pipeline));
    }

    [Theory]
    [InlineData(false, "api", "give NAME=PATH")]
    [InlineData(true, "other=.", "lists no source of that name")]
    [InlineData(false, "api=/no/such/folder", "does not exist")]
    public async Task Diff_and_deploy_refuse_a_source_flag_they_cannot_use_and_touch_no_cluster(bool diff, string flag, string message)
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 1);

        var (exit, output, error) = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Diff: diff, Sources: [flag]));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(message, error);
        Assert.DoesNotContain("dev-1", output);
        Assert.Empty(pipeline.Clusters.Cluster("dev-1").List("deployments"));
    }

    static string? Version(Pipeline pipeline) =>
        pipeline.Clusters.Cluster("dev-1").List("configmaps")
            .FirstOrDefault(o => o["metadata"]?["name"]?.GetValue<string>() == "api-config")?["data"]?["version"]?.GetValue<string>();
}
