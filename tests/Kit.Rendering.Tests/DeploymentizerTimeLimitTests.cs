using Kit.Contracts;
using Kit.Deploymentizer;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.Rendering.Tests;

/// <summary>The deploymentizer bounds each cluster's render by Kit:Rendering:TimeoutSeconds.</summary>
public sealed class DeploymentizerTimeLimitTests
{
    [Fact]
    public async Task A_cluster_past_the_time_limit_gets_render_failed_and_the_others_go_out()
    {
        using var repo = new SampleRepository()
            .Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  spin:\n    file: ./spin.mustache\n")
            .Write("clusters/dev-1/configuration-var.yaml", "kind: ResourceConfig\nl: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]\n")
            .Write("resources/spin.mustache", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}x{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}\n");
        var sha = repo.Commit();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repo.Root,
            ["Kit:Repository:Branch"] = "main",
            ["Kit:Repository:WorkDirectory"] = Path.Combine(repo.Root, ".kit-mirror"),
            ["Kit:Rendering:TimeoutSeconds"] = "2",
        });
        builder.AddDeploymentizer();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.AddDeploymentizerConsumers();
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(30));
        });
        await using var provider = (ServiceProvider)builder.Build().Services;
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new ManifestsCommitted { CorrelationId = NewId.NextGuid(), Repository = repo.Root, Ref = "main", CommitSha = sha, Cause = CommitCause.Push });

        Assert.True(await harness.Published.Any<RenderFailed>());
        var failed = harness.Published.Select<RenderFailed>().Single().Context.Message;
        Assert.Equal("dev-1", failed.Cluster);
        Assert.Equal("resources/spin.mustache", failed.File);
        Assert.Contains("time limit of 2 s", failed.Reason);
        Assert.Equal(["prod-1", "staging-1"], harness.Published.Select<ManifestsRendered>().Select(r => r.Context.Message.Cluster).Order());
        Assert.False(await harness.Published.Any<Fault<ManifestsCommitted>>());
    }
}
