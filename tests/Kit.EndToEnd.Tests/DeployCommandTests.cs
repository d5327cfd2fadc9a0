using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit deploy` and `kit diff`: one commit rendered and applied (or compared) from one process, no bus.</summary>
public sealed class DeployCommandTests(ITestOutputHelper log)
{
    Task<(int Exit, string Output, string Error)> RunAsync(DeployRequest request) => RunAsync(request, log);

    /// <summary>The command's handler in-process, its output logged.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(DeployRequest request, ITestOutputHelper log)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await DeployCommand.Handler(request, output, error, CancellationToken.None);
        log.WriteLine($"exit {exit}\n{output}{error}");
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Commits a new image of hello on main; returns the image.</summary>
    internal static string NewImage(Pipeline pipeline, string tag)
    {
        var image = $"registry.example.com/team/hello:{tag}";
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string> { ["images/hello/main.yaml"] = $"image: {image}\n" }, $"hello {tag}");
        return image;
    }

    [Fact]
    public async Task Deploy_applies_the_tip_to_every_cluster_then_finds_nothing_to_do()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var image = NewImage(pipeline, "5.0.0");
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);

        var first = await RunAsync(request);
        var second = await RunAsync(request);

        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(image, pipeline.DeployedImages(c)));
        Assert.All(pipeline.ClusterNames, c => Assert.Contains($"{c}: succeeded", first.Output));
        Assert.Equal(ExitCodes.Ok, second.Exit);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains($"{c}: skipped (unchanged)", second.Output));
    }

    [Fact]
    public async Task Diff_shows_the_image_change_touches_nothing_and_exits_one_then_zero_once_deployed()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var before = pipeline.DeployedImages(pipeline.ClusterNames[0]).Single();
        var image = NewImage(pipeline, "6.0.0");

        var diff = await RunAsync(request with { Diff = true });

        Assert.Equal(ExitCodes.Failed, diff.Exit);
        Assert.Contains("~ Deployment", diff.Output);
        Assert.Contains($"{pipeline.ClusterNames[0]}: would change", diff.Output);
        Assert.Contains($".image: \"{before}\"\n+spec.", diff.Output);
        Assert.Contains($".image: \"{image}\"\n", diff.Output);
        Assert.Equal(before, pipeline.DeployedImages(pipeline.ClusterNames[0]).Single());

        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var again = await RunAsync(request with { Diff = true });
        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.DoesNotContain("~ ", again.Output);
        Assert.Contains($"{pipeline.ClusterNames[0]}: up to date", again.Output);
    }

    [Fact]
    public async Task An_older_commit_is_skipped_as_stale_and_one_cluster_down_fails_only_itself()
    {
        await using var pipeline = await Pipeline.StartAsync();
        string old;
        using (var repo = new LibGit2Sharp.Repository(pipeline.Repository))
        {
            old = repo.Branches["main"].Tip.Sha;
        }

        var image = NewImage(pipeline, "7.0.0");
        Assert.Equal(ExitCodes.Ok, (await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs))).Exit);

        var stale = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Ref: old));
        Assert.Equal(ExitCodes.Ok, stale.Exit);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains($"{c}: skipped (stale)", stale.Output));
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(image, pipeline.DeployedImages(c)));

        var down = pipeline.ClusterNames[1];
        pipeline.Clusters.Cluster(down).TakeDown();
        var newer = NewImage(pipeline, "7.1.0");
        var partial = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs));
        Assert.Equal(ExitCodes.Failed, partial.Exit);
        Assert.Contains($"{down}: failed", partial.Output);
        Assert.Contains(newer, pipeline.DeployedImages(pipeline.ClusterNames[0]));
    }

    [Theory]
    [InlineData("base-var.yaml", "replicas: [\n")]
    [InlineData("resources/hello/hello-deployment.sbn", "{{ if }}\n")]
    public async Task A_commit_that_renders_for_no_cluster_fails_deploy_and_diff_with_exit_code_one(string file, string content)
    {
        await using var pipeline = await Pipeline.StartAsync();
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string> { [file] = content }, "Break the render");

        var deploy = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs));
        var diff = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Diff: true));
        var one = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Clusters: [pipeline.ClusterNames[0]]));

        Assert.All(new[] { deploy, diff, one }, r =>
        {
            Assert.Equal(ExitCodes.Failed, r.Exit);
            Assert.Contains("render failed", r.Output);
            Assert.Contains(file, r.Output);
        });
        Assert.All(pipeline.ClusterNames, c => Assert.Empty(pipeline.Clusters.Cluster(c).List("deployments")));
    }

    [Fact]
    public async Task Diff_hides_the_values_of_external_env_entries()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var name = "KIT_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var baseCluster = File.ReadAllText(RepositoryRoot.Combine("samples", "base-cluster.yaml"))
            .Replace("            value: info\n", $"            value: info\n          - name: {name}\n            external: true\n", StringComparison.Ordinal);
        Assert.Contains(name, baseCluster);
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string> { ["base-cluster.yaml"] = baseCluster }, "hello reads a token");
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        try
        {
            Environment.SetEnvironmentVariable(name, "first-s3cret-value");
            Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
            Environment.SetEnvironmentVariable(name, "second-s3cret-value");

            var diff = await RunAsync(request with { Diff = true });

            Assert.Equal(ExitCodes.Failed, diff.Exit);
            Assert.Matches(@"\n-spec\.[^\n]*\]\.value: \(redacted\)\n\+spec\.[^\n]*\]\.value: \(redacted\)\n", diff.Output);
            Assert.DoesNotContain("s3cret", diff.Output + diff.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task A_kubeconfig_hiding_an_exec_plugin_behind_a_lookalike_user_fails_its_cluster_and_runs_nothing()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var target = pipeline.ClusterNames[0];
        var path = pipeline.Clusters.KubeconfigPath(target);
        var marker = pipeline.Root.Combine("plugin-ran");
        var plugin = pipeline.Root.Combine("plugin.sh");
        File.WriteAllText(plugin, $"#!/bin/sh\ntouch '{marker}'\necho '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"x\"}}}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // The client matches user names ignoring case and takes the first: the upper-case twin with the plugin.
        var lookalike = $"- name: {target.ToUpperInvariant()}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n";
        File.WriteAllText(path, File.ReadAllText(path).Replace("users:\n", "users:\n" + lookalike, StringComparison.Ordinal));

        var result = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs));

        Assert.Equal(ExitCodes.Failed, result.Exit);
        Assert.False(File.Exists(marker), "the exec plugin ran");
        var line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith($"{target}: ", StringComparison.Ordinal));
        Assert.Contains($"kubeconfig {path} is ambiguous", line);
        Assert.Empty(pipeline.Clusters.Cluster(target).List("deployments"));
        Assert.All(pipeline.ClusterNames.Skip(1), c => Assert.Contains($"{c}: succeeded", result.Output));
    }

    [Fact]
    public async Task A_set_the_cluster_refuses_fails_naming_the_object_and_changes_nothing()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var request = new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(request)).Exit);
        var before = await SettledAsync(pipeline);
        string baseCluster;
        using (var repo = new LibGit2Sharp.Repository(pipeline.Repository))
        {
            baseCluster = ((LibGit2Sharp.Blob)repo.Branches["main"].Tip["base-cluster.yaml"].Target).GetContentText();
        }

        // A new image (applied early) and a resource of a kind no cluster serves (applied last).
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["images/hello/main.yaml"] = "image: registry.example.com/team/hello:8.0.0\n",
            ["base-cluster.yaml"] = baseCluster + "  widget:\n    file: ./widget.yaml\n",
            ["resources/widget.yaml"] = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\n",
        }, "a widget");
        var refused = await RunAsync(request);

        Assert.Equal(ExitCodes.Failed, refused.Exit);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains($"{c}: failed - Widget gadget (widget.yaml:1): cluster {c} serves no kind Widget in example.com/v1", refused.Output));
        Assert.Equal(before, await SettledAsync(pipeline));
    }

    /// <summary>Every cluster's objects once the simulated controllers stopped writing (a rollout's last status).</summary>
    static async Task<List<IReadOnlyList<string>>> SettledAsync(Pipeline pipeline)
    {
        List<IReadOnlyList<string>> Take() => [.. pipeline.ClusterNames.Select(c => pipeline.Clusters.Cluster(c).Snapshot())];
        var (snapshots, settled) = await Eventually.SettledAsync(Take, (now, last) => now.Zip(last).All(p => p.First.SequenceEqual(p.Second)), TimeSpan.FromMilliseconds(200));
        return settled ? snapshots : throw new InvalidOperationException("the clusters' objects kept changing");
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_touches_no_cluster()
    {
        await using var pipeline = await Pipeline.StartAsync();

        var noRef = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Ref: "no-such-branch"));
        var noCluster = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Clusters: ["nowhere-1"]));
        var badStrategy = await RunAsync(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs, Strategy: "blue-green"));
        var noKubeconfigs = await RunAsync(new DeployRequest(pipeline.Repository, null));

        Assert.All(new[] { noRef, noCluster, badStrategy, noKubeconfigs }, r =>
        {
            Assert.Equal(ExitCodes.Usage, r.Exit);
            Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        });
        Assert.Contains("no commit 'no-such-branch'", noRef.Error);
        Assert.Contains("renders no cluster named nowhere-1", noCluster.Error);
        Assert.Contains("--strategy blue-green", badStrategy.Error);
        Assert.All(pipeline.ClusterNames, c => Assert.Empty(pipeline.Clusters.Cluster(c).List("deployments")));
    }
}
