using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>The kit render command in-process: cluster folders, exit codes and error lines.</summary>
public sealed class RenderCommandTests
{
    [Fact]
    public async Task Kit_render_writes_cluster_folders_and_exits_zero()
    {
        using var repo = new SampleCopy();
        using var output = new TempDirectory("kit-out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Out: output.Path, Clean: true), stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("rendered 3 clusters, 6 files in ", stdout.ToString());
        Assert.True(File.Exists(output.Combine("prod-1", "hello-deployment.yaml")));
        Assert.Contains("replicas: 3", File.ReadAllText(output.Combine("prod-1", "hello-deployment.yaml")));
    }

    [Fact]
    public async Task Kit_render_writes_every_good_cluster_and_none_of_a_broken_one()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: [dev\n");
        using var output = new TempDirectory("kit-out");

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Out: output.Path), new StringWriter(), new StringWriter(), CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal(["prod-1", "staging-1"], Directory.GetDirectories(output.Path).Select(Path.GetFileName).Order());
        Assert.Equal(2, Directory.GetFiles(output.Combine("prod-1")).Length);
    }

    [Fact]
    public async Task Kit_render_to_a_folder_it_cannot_create_says_so_and_exits_one()
    {
        using var repo = new SampleCopy();
        using var output = new TempDirectory("kit-out");
        File.WriteAllText(output.Combine("taken"), "a file, not a folder");
        var stderr = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Out: output.Combine("taken")), new StringWriter(), stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.StartsWith("kit: cannot write the manifests to ", stderr.ToString());
    }

    [Fact]
    public async Task Kit_render_prints_errors_as_path_line_message_and_exits_one()
    {
        using var repo = new SampleCopy().Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: [dev\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Ref: null), stdout, stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Matches(@"(?m)^clusters/dev-1/cluster\.yaml:\d+: cluster dev-1: malformed YAML", stderr.ToString());
        Assert.Contains("# prod-1/hello-deployment.yaml", stdout.ToString());
    }

    [Fact]
    public async Task Kit_render_with_ref_reads_that_commit()
    {
        using var repo = new SampleCopy();
        repo.Commit();
        repo.Write("images/hello/main.yaml", "image: registry.example.com/team/hello:9.9.9\n");
        var stdout = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Ref: "main", Cluster: "dev-1"), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("hello:1.0.0", stdout.ToString());
    }
}
