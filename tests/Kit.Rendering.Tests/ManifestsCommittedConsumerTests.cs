using Kit.Contracts;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.Rendering.Tests;

/// <summary>The deploymentizer consumer over MassTransit's test harness and a real git repository.</summary>
public sealed class ManifestsCommittedConsumerTests
{
    [Fact]
    public async Task Broken_cluster_gets_render_failed_while_the_other_clusters_go_out()
    {
        using var repo = new SampleCopy()
            .Write("clusters/broken-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: broken-1\n  type: dev\nresources:\n  hello:\n    file: ./hello/missing.mustache\n");
        repo.Commit("first");
        var sha = repo.Commit("second");
        await using var provider = Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var commit = Commit(repo.Root, sha);

        await harness.Bus.Publish(commit);

        Assert.True(await harness.Consumed.Any<ManifestsCommitted>());
        var planned = (await harness.Published.SelectAsync<DeploymentPlanned>().First()).Context.Message;
        Assert.Equal(["dev-1", "prod-1", "staging-1"], planned.Clusters.Order());
        Assert.Equal(commit.CorrelationId, planned.CorrelationId);
        var rendered = await Published<ManifestsRendered>(harness, 3);
        Assert.Equal(["dev-1", "prod-1", "staging-1"], rendered.Select(r => r.Cluster).Order());
        Assert.All(rendered, r => Assert.Equal(2, r.Sequence));
        Assert.All(rendered, r => Assert.Equal(64, r.Digest.Length));
        Assert.All(rendered, r => Assert.Equal("registry.example.com/team/hello:1.0.0", r.SourceImage));
        var failed = (await harness.Published.SelectAsync<RenderFailed>().First()).Context.Message;
        Assert.Equal("broken-1", failed.Cluster);
        Assert.Equal("clusters/broken-1/cluster.yaml", failed.File);
        Assert.Equal(7, failed.Line);
        Assert.DoesNotContain(harness.Published.Select<ManifestsRendered>(), r => r.Context.Message.Cluster == "broken-1");
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }

    [Fact]
    public async Task Forty_thousand_nested_brackets_fail_one_cluster_and_the_others_go_out()
    {
        var deep = new string('[', 40_000) + new string(']', 40_000);
        using var repo = new SampleCopy()
            .Write("resources/deep.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: {deep}\n")
            .Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  deep:\n    file: ./deep.yaml\n");
        var sha = repo.Commit();
        await using var provider = Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Commit(repo.Root, sha));

        var rendered = await Published<ManifestsRendered>(harness, 2);
        Assert.Equal(["prod-1", "staging-1"], rendered.Select(r => r.Cluster).Order());
        var failed = (await harness.Published.SelectAsync<RenderFailed>().First()).Context.Message;
        Assert.Equal("dev-1", failed.Cluster);
        Assert.Equal("resources/deep.yaml", failed.File);
        Assert.Equal(6, failed.Line);
        Assert.Contains("deeper than 100 levels", failed.Reason);
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }

    [Fact]
    public async Task The_output_limit_setting_reaches_the_deploymentizer()
    {
        using var repo = new SampleCopy()
            .Write("resources/hello/hello-deployment.sbn", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  x: \"" + new string('x', 2000) + "\"\n");
        var sha = repo.Commit();
        await using var provider = Services(repo.Root, new() { ["Kit:Rendering:MaxOutputBytes"] = "1024" });
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Commit(repo.Root, sha));

        var failed = await Published<RenderFailed>(harness, 3);
        Assert.All(failed, f => Assert.Equal("resources/hello/hello-deployment.sbn", f.File));
        Assert.All(failed, f => Assert.Contains("larger than 1 KiB (Kit__Rendering__MaxOutputBytes = 1024)", f.Reason));
        Assert.False(await harness.Published.Any<ManifestsRendered>());
    }

    [Fact]
    public void An_invalid_output_limit_stops_the_deploymentizer_naming_the_setting()
    {
        using var provider = Services("/nowhere", new() { ["Kit:Rendering:MaxOutputBytes"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RenderingSettings>>().Value);
        Assert.Contains("Kit__Rendering__MaxOutputBytes must be a number of bytes", error.Message);
    }

    [Fact]
    public async Task Redelivered_commit_with_the_same_correlation_id_publishes_nothing_new()
    {
        using var repo = new SampleCopy();
        var sha = repo.Commit();
        await using var provider = Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var commit = Commit(repo.Root, sha);

        await harness.Bus.Publish(commit);
        Assert.Equal(3, (await Published<ManifestsRendered>(harness, 3)).Count);
        await harness.Bus.Publish(commit);
        await Until(() => harness.Consumed.Select<ManifestsCommitted>().Count() >= 2);
        await harness.InactivityTask;

        Assert.Single(harness.Published.Select<DeploymentPlanned>());
        Assert.Equal(3, harness.Published.Select<ManifestsRendered>().Count());
    }

    [Fact]
    public async Task Broken_kit_yaml_publishes_an_empty_plan_and_one_commit_wide_failure()
    {
        using var repo = new SampleCopy().Write("kit.yaml", "base: [\n");
        var sha = repo.Commit();
        await using var provider = Services(repo.Root);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Commit(repo.Root, sha));

        var planned = (await harness.Published.SelectAsync<DeploymentPlanned>().First()).Context.Message;
        Assert.Empty(planned.Clusters);
        var failed = (await harness.Published.SelectAsync<RenderFailed>().First()).Context.Message;
        Assert.Null(failed.Cluster);
        Assert.Equal("kit.yaml", failed.File);
        Assert.False(await harness.Published.Any<ManifestsRendered>());
    }

    static async Task<List<T>> Published<T>(ITestHarness harness, int count)
        where T : class
    {
        await Until(() => harness.Published.Select<T>().Count() >= count);
        return harness.Published.Select<T>().Select(m => m.Context.Message).ToList();
    }

    static async Task Until(Func<bool> condition)
    {
        Assert.True(await Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50)), "timed out waiting for the published events");
    }

    internal static ManifestsCommitted Commit(string repository, string sha) => new()
    {
        CorrelationId = NewId.NextGuid(),
        Repository = repository,
        Ref = "main",
        CommitSha = sha,
        Cause = CommitCause.Image,
        SourceImage = "registry.example.com/team/hello:1.0.0",
    };

    internal static ServiceProvider Services(string repository, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repository,
            ["Kit:Repository:Branch"] = "main",
            ["Kit:Repository:WorkDirectory"] = Path.Combine(repository, ".kit-mirror"),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddRendering();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.AddRenderingConsumers();
            x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(3));
        });
        builder.Services.AddLogging();
        return (ServiceProvider)builder.Build().Services;
    }
}
