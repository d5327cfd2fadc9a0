using Kit.Contracts;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.Rendering.Tests;

/// <summary>The deploymentizer bounds each cluster's render by Kit:Rendering:TimeoutSeconds.</summary>
public sealed class DeploymentizerTimeLimitTests
{
    static SampleCopy SlowDev1() => new SampleCopy()
        .Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  spin:\n    file: ./spin.mustache\n")
        .Write("clusters/dev-1/configuration-var.yaml", "kind: ResourceConfig\nl: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]\n")
        .Write("resources/spin.mustache", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}\n");

    static async Task<(ServiceProvider Provider, ITestHarness Harness)> StartAsync(SampleCopy repo, int timeoutSeconds)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repo.Root,
            ["Kit:Repository:Branch"] = "main",
            ["Kit:Repository:WorkDirectory"] = Path.Combine(repo.Root, ".kit-mirror"),
            ["Kit:Rendering:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddRendering();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.AddRenderingConsumers();
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(30));
        });
        var provider = (ServiceProvider)builder.Build().Services;
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return (provider, harness);
    }

    /// <summary>Commits the repository and announces the commit to a deploymentizer with the given time limit.</summary>
    static async Task<(ServiceProvider Provider, ITestHarness Harness)> CommitAndPublishAsync(SampleCopy repo, int timeoutSeconds)
    {
        var sha = repo.Commit();
        var (provider, harness) = await StartAsync(repo, timeoutSeconds);
        await harness.Bus.Publish(new ManifestsCommitted { CorrelationId = NewId.NextGuid(), Repository = repo.Root, Ref = "main", CommitSha = sha, Cause = CommitCause.Push });
        return (provider, harness);
    }

    [Fact]
    public async Task A_cluster_past_the_time_limit_gets_render_failed_and_the_others_go_out()
    {
        using var repo = SlowDev1();
        var (provider, harness) = await CommitAndPublishAsync(repo, timeoutSeconds: 2);
        await using var _ = provider;

        Assert.True(await harness.Published.Any<RenderFailed>());
        var failed = harness.Published.Select<RenderFailed>().Single().Context.Message;
        Assert.Equal("dev-1", failed.Cluster);
        Assert.Equal("resources/spin.mustache", failed.File);
        Assert.Contains("time limit of 2 s", failed.Reason);
        Assert.Equal(["prod-1", "staging-1"], harness.Published.Select<ManifestsRendered>().Select(r => r.Context.Message.Cluster).Order());
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }

    [Fact]
    public async Task The_other_clusters_go_out_while_a_slow_cluster_is_still_rendering()
    {
        using var repo = SlowDev1();
        var (provider, harness) = await CommitAndPublishAsync(repo, timeoutSeconds: 25);
        await using var _ = provider;

        // dev-1 renders until its 25 s are up; the others are out long before.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await harness.Published.Any<ManifestsRendered>(m => m.Context.Message.Cluster == "prod-1"));
        Assert.True(await harness.Published.Any<ManifestsRendered>(m => m.Context.Message.Cluster == "staging-1"));
        var outAfter = clock.Elapsed;

        // What has been published by now, without waiting for more.
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        Assert.Empty(harness.Published.Select<RenderFailed>(now.Token));
        Assert.Empty(harness.Published.Select<DeploymentPlanned>(now.Token));
        Assert.True(outAfter < TimeSpan.FromSeconds(20), $"the other clusters went out after {outAfter.TotalSeconds:0.0} s");
    }
}
