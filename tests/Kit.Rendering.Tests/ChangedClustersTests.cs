using Kit.Contracts;
using Kit.Rendering.Trees;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.Rendering.Tests;

/// <summary>A commit is rendered only for the clusters whose inputs it changed, or the clusters it names.</summary>
public sealed class ChangedClustersTests
{
    static readonly string[] Everyone = ["dev-1", "prod-1", "staging-1"];

    /// <summary>The samples, with a worker image that only prod-1 runs (in a container of its own resource).</summary>
    static SampleCopy Samples() => new SampleCopy()
        .Write("images/worker/main.yaml", "image: registry.example.com/team/worker:1.0.0\n")
        .Write("resources/worker.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: worker\n")
        .Write("clusters/prod-1/cluster.yaml",
            "kind: ClusterNamespace\nmetadata:\n  name: prod-1\n  type: production\nresources:\n  worker:\n    file: ./worker.yaml\n    containers:\n      jobs:\n        name: jobs\n        image_tag: worker\n");

    static string[] Rendered(SampleCopy repo, params string[] changed) =>
        [.. KitRenderer.Render(new FileSystemTree(repo.Root), new RenderOptions { ChangedPaths = changed }).Clusters.Select(c => c.Cluster).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_change_under_a_clusters_folder_renders_only_that_cluster()
    {
        using var repo = Samples();

        Assert.Equal(["staging-1"], Rendered(repo, "clusters/staging-1/cluster.yaml"));
        Assert.Equal(["prod-1"], Rendered(repo, "clusters/prod-1/configuration-var.yaml"));
        Assert.Equal(["dev-1", "staging-1"], Rendered(repo, "clusters/dev-1/cluster.yaml", "clusters/staging-1/notes.md"));
        Assert.Empty(Rendered(repo, "clusters/removed-1/cluster.yaml"));
    }

    [Fact]
    public void An_image_change_renders_every_cluster_that_uses_the_image()
    {
        using var repo = Samples();

        Assert.Equal(Everyone, Rendered(repo, "images/hello/main.yaml"));
        Assert.Equal(["prod-1"], Rendered(repo, "images/worker/main.yaml"));
        Assert.Empty(Rendered(repo, "images/unused/main.yaml"));
    }

    [Fact]
    public void A_type_template_or_env_change_renders_the_clusters_that_read_it_and_a_shared_file_renders_all()
    {
        using var repo = Samples();

        Assert.Equal(["dev-1"], Rendered(repo, "type/dev-var.yaml"));
        Assert.Equal(["prod-1"], Rendered(repo, "resources/worker.yaml"));
        Assert.Equal(Everyone, Rendered(repo, "resources/hello/hello-deployment.sbn"));
        Assert.Equal(Everyone, Rendered(repo, "resources/base-svc.mustache"));
        Assert.Equal(Everyone, Rendered(repo, "base-var.yaml"));
        Assert.Equal(Everyone, Rendered(repo, "base-cluster.yaml"));
        Assert.Equal(Everyone, Rendered(repo, "kit.yaml"));
        Assert.Equal(Everyone, Rendered(repo, "sources.lock.yaml"));
        Assert.Equal(Everyone, Rendered(repo));
    }

    [Fact]
    public async Task A_pushed_commit_is_planned_for_the_clusters_it_changed_and_a_reconcile_for_the_clusters_it_names()
    {
        using var repo = Samples();
        repo.Commit("first");
        var sha = repo.Write("clusters/staging-1/configuration-var.yaml", "kind: ResourceConfig\nreplicas: 2\n").Commit("scale staging");
        await using var provider = Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        var push = Commit(repo.Root, sha, CommitCause.Push, ["clusters/staging-1/configuration-var.yaml"]);
        await harness.Bus.Publish(push);
        var pushPlan = await Planned(harness, push.CorrelationId);
        Assert.Equal(["staging-1"], pushPlan.Clusters);

        var reconcile = Commit(repo.Root, sha, CommitCause.Reconcile, ["clusters/staging-1/configuration-var.yaml"]) with { Clusters = ["prod-1", "dev-1", "no-such-cluster"] };
        await harness.Bus.Publish(reconcile);
        var reconcilePlan = await Planned(harness, reconcile.CorrelationId);
        Assert.Equal(["dev-1", "prod-1"], reconcilePlan.Clusters.Order(StringComparer.Ordinal));

        var startup = Commit(repo.Root, sha, CommitCause.Startup, ["clusters/staging-1/configuration-var.yaml"]);
        await harness.Bus.Publish(startup);
        Assert.Equal(Everyone, (await Planned(harness, startup.CorrelationId)).Clusters.Order(StringComparer.Ordinal));

        var rendered = harness.Published.Select<ManifestsRendered>().Select(m => m.Context.Message).ToList();
        Assert.Equal(["staging-1"], rendered.Where(r => r.CorrelationId == push.CorrelationId).Select(r => r.Cluster));
        Assert.Equal(["dev-1", "prod-1"], rendered.Where(r => r.CorrelationId == reconcile.CorrelationId).Select(r => r.Cluster).Order(StringComparer.Ordinal));
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }

    static async Task<DeploymentPlanned> Planned(ITestHarness harness, Guid id)
    {
        Assert.True(await Eventually.HoldsAsync(
            () => harness.Published.Select<DeploymentPlanned>().Any(p => p.Context.Message.CorrelationId == id), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50)));
        return harness.Published.Select<DeploymentPlanned>().Single(p => p.Context.Message.CorrelationId == id).Context.Message;
    }

    static ManifestsCommitted Commit(string repository, string sha, CommitCause cause, IReadOnlyList<string> changed) => new()
    {
        CorrelationId = NewId.NextGuid(),
        Repository = repository,
        Ref = "main",
        CommitSha = sha,
        Cause = cause,
        ChangedPaths = changed,
    };

    static ServiceProvider Services(string repository)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repository,
            ["Kit:Repository:Branch"] = "main",
            ["Kit:Repository:WorkDirectory"] = Path.Combine(repository, ".kit-mirror"),
        });
        builder.AddRendering();
        builder.Services.AddMassTransitTestHarness(x => x.AddRenderingConsumers());
        return (ServiceProvider)builder.Build().Services;
    }
}
