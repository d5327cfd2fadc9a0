using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using Microsoft.Extensions.Options;

namespace Kit.Rendering.Tests;

/// <summary>The deploymentizer's entry point (<see cref="CommitRenderer"/>) on commits of a deployments repository whose resources come from sources.</summary>
public sealed class SourceCommitTests : IAsyncLifetime, IDisposable
{
    ServiceRepositories services = null!;
    readonly SampleCopy deployments = new();
    readonly TempDirectory work = new("kit-source-commits");

    public async Task InitializeAsync() => services = await ServiceRepositories.StartAsync();

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

    /// <summary>api (in deploy/) runs on staging-1 and prod-1 (dev-1 disables it); web runs everywhere.</summary>
    string CommitDeployments(string api, string web)
    {
        var kit = File.ReadAllText(Path.Combine(deployments.Root, "kit.yaml"));
        if (!kit.Contains("\nsources:", StringComparison.Ordinal))
        {
            deployments.Write("kit.yaml", kit + $"sources:\n  - name: api\n    url: {services.Url("api")}\n    path: deploy\n  - name: web\n    url: {services.Url("web")}\n");
            deployments.Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  api:\n    disable: true\n");
        }

        deployments.Write("sources.lock.yaml", $"api: {api}\nweb: {web}\n");
        return deployments.Commit("pin the sources");
    }

    Task<DeploymentEvents> RenderAsync(string sha, CommitCause cause, params string[] changedPaths)
    {
        var settings = new RepositorySettings { Url = deployments.Root, Branch = "main", WorkDirectory = work.Path };
        var renderer = new CommitRenderer(new RepositoryMirror(settings), TimeProvider.System, Options.Create(new RenderingSettings()));
        return renderer.RenderAsync(CommitAnnouncement.For(settings, Guid.NewGuid(), sha, cause, DateTimeOffset.UtcNow, changedPaths), CancellationToken.None);
    }

    [Fact]
    public async Task A_moved_pin_renders_only_the_clusters_that_run_the_sources_resources()
    {
        var web = services.Commit("web", SourceRenderingTests.WebFiles());
        var v1 = services.Commit("api", SourceRenderingTests.ApiFiles("v1"));
        CommitDeployments(v1, web);
        var v2 = services.Commit("api", SourceRenderingTests.ApiFiles("v2"));
        var moved = CommitDeployments(v2, web);

        var events = await RenderAsync(moved, CommitCause.Push, SourcesLock.Path);

        Assert.Empty(events.Failed);
        Assert.Equal(["prod-1", "staging-1"], events.Planned.Clusters.Order(StringComparer.Ordinal));
        var prod = events.Rendered.Single(r => r.Cluster == "prod-1");
        Assert.Contains("version: \"v2\"", prod.Manifests.Single(m => m.FileName == "api.yaml").Content);
    }

    [Fact]
    public async Task An_unreachable_source_fails_with_a_RenderFailed_naming_it_and_the_rest_deploys()
    {
        var web = services.Commit("web", SourceRenderingTests.WebFiles());
        var v1 = services.Commit("api", SourceRenderingTests.ApiFiles("v1"));
        var first = await RenderAsync(CommitDeployments(v1, web), CommitCause.Manual);
        Assert.Empty(first.Failed);

        var v2 = services.Commit("api", SourceRenderingTests.ApiFiles("v2"));
        services.Daemon.Dispose();
        var events = await RenderAsync(CommitDeployments(v2, web), CommitCause.Manual);

        Assert.Equal(["dev-1"], events.Rendered.Select(r => r.Cluster));
        Assert.Equal(["prod-1", "staging-1"], events.Failed.Select(f => f.Cluster!).Order(StringComparer.Ordinal));
        Assert.All(events.Failed, f => Assert.Contains("source 'api'", f.Reason));
        Assert.Contains("web.yaml", events.Rendered.Single().Manifests.Select(m => m.FileName));
    }
}
