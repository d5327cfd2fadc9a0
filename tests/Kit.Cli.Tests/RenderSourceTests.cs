using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary><c>kit render</c> with kit.yaml sources: pinned commits from a real git daemon, and <c>--source NAME=PATH</c> working copies.</summary>
public sealed class RenderSourceTests : IAsyncLifetime, IDisposable
{
    ServiceRepositories services = null!;
    readonly SampleCopy deployments = new();
    readonly TempDirectory work = new("kit-cli-sources");

    public async Task InitializeAsync()
    {
        services = await ServiceRepositories.StartAsync();
        var pin = services.Commit("api", new Dictionary<string, string>
        {
            ["deploy/kit-resources.yaml"] = "resources:\n  api:\n    file: api.sbn\n",
            ["deploy/api.sbn"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ name }}-config\ndata:\n  version: pinned\n",
        });
        var kit = File.ReadAllText(Path.Combine(deployments.Root, "kit.yaml"));
        deployments.Write("kit.yaml", kit + $"sources:\n  - name: api\n    url: {services.Url("api")}\n    path: deploy\n");
        deployments.Write("sources.lock.yaml", $"api: {pin}\n");
    }

    public Task DisposeAsync()
    {
        services.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        deployments.Dispose();
        work.Dispose();
    }

    async Task<(int Exit, string Output, string Error)> RenderAsync(params string[] sources)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await RenderCommand.Handler(new RenderRequest(deployments.Root, Cluster: "dev-1", WorkDirectory: work.Path, Sources: sources), stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Kit_render_renders_a_source_at_its_pinned_commit()
    {
        var (exit, output, error) = await RenderAsync();

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("# dev-1/api.yaml", output);
        Assert.Contains("version: pinned", output);
    }

    [Fact]
    public async Task Kit_render_with_source_renders_the_working_tree_of_a_local_copy()
    {
        using var copy = new TempDirectory("kit-api-copy");
        Directory.CreateDirectory(copy.Combine("deploy"));
        File.WriteAllText(copy.Combine("deploy", "kit-resources.yaml"), "resources:\n  api:\n    file: api.sbn\n");
        File.WriteAllText(copy.Combine("deploy", "api.sbn"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ name }}-config\ndata:\n  version: not-yet-committed\n");

        var (exit, output, error) = await RenderAsync("api=" + copy.Path);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("version: not-yet-committed", output);
        Assert.DoesNotContain("version: pinned", output);
    }

    [Theory]
    [InlineData("api", "give NAME=PATH")]
    [InlineData("other=.", "kit.yaml lists no source of that name")]
    [InlineData("api=/no/such/folder", "does not exist")]
    public async Task Kit_render_refuses_a_source_flag_it_cannot_use(string flag, string message)
    {
        var (exit, _, error) = await RenderAsync(flag);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(message, error);
    }
}
