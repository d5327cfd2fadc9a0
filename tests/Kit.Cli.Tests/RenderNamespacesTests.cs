using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>kit render shows and writes each cluster's namespaces/&lt;cluster&gt;/*.yaml beside its manifests.</summary>
public sealed class RenderNamespacesTests
{
    const string Team = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n";

    [Fact]
    public async Task Kit_render_writes_a_clusters_namespace_files_under_its_folder_and_clean_removes_them()
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", Team);
        using var output = new TempDirectory("kit-out");
        var stdout = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Out: output.Path), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("rendered 3 clusters, 7 files in ", stdout.ToString());
        Assert.Equal(Team, File.ReadAllText(output.Combine("prod-1", "namespaces", "team.yaml")));
        Assert.False(Directory.Exists(output.Combine("dev-1", "namespaces")));

        File.Delete(Path.Combine(repo.Root, "namespaces", "prod-1", "team.yaml"));
        exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Out: output.Path, Clean: true), new StringWriter(), new StringWriter(), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.False(Directory.Exists(output.Combine("prod-1", "namespaces")));
        Assert.True(File.Exists(output.Combine("prod-1", "hello-deployment.yaml")));
    }

    [Fact]
    public async Task Kit_render_prints_a_clusters_namespace_files_before_its_manifests()
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", Team);
        var stdout = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root, Cluster: "prod-1"), stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, exit);
        var headers = stdout.ToString().Split('\n').Where(l => l.StartsWith("# prod-1/", StringComparison.Ordinal)).ToList();
        Assert.Equal("# prod-1/namespaces/team.yaml", headers[0]);
        Assert.Equal(3, headers.Count);
        Assert.Contains("name: team", stdout.ToString());
    }

    [Fact]
    public async Task Kit_render_fails_a_cluster_whose_namespaces_folder_holds_another_kind()
    {
        using var repo = new SampleCopy().Write("namespaces/prod-1/team.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: team\n");
        var stderr = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(repo.Root), new StringWriter(), stderr, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("namespaces/prod-1/team.yaml:1: cluster prod-1: ConfigMap team (v1) is not a Namespace", stderr.ToString());
    }
}
