using Kit.Contracts;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class DriftConsumerTests
{
    [Fact]
    public async Task A_drifted_cluster_rendered_again_unchanged_is_healed_and_its_drift_published()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(fleet.Settings));
        services.AddClusterDeployer();
        services.AddMassTransitTestHarness(x => x.AddDeployingConsumers());
        await using var provider = services.BuildServiceProvider(true);
        var set = Set(Deployment("web", "web:1"));
        var first = await provider.GetRequiredService<ClusterDeployer>().DeployAsync(Fleet.Message("one", 1, set), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        fleet["one"].Apply(Deployment("web", "web:1", replicas: 4), fieldManager: "autoscaler", force: true);
        var again = Fleet.Message("one", 2, set);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(again);

        Assert.True(await harness.Consumed.Any<ManifestsRendered>());
        var deployed = (await harness.Published.SelectAsync<ClusterDeployed>().FirstOrDefault())?.Context.Message;
        Assert.Equal(DeploymentOutcome.Succeeded, deployed?.Outcome);
        var drift = (await harness.Published.SelectAsync<DriftDetected>().FirstOrDefault())?.Context.Message;
        Assert.NotNull(drift);
        Assert.Equal((again.CorrelationId, "one", true), (drift.CorrelationId, drift.Cluster, drift.Healed));
        Assert.Equal(["autoscaler"], Assert.Single(drift.Objects).Managers);
        Assert.Equal(1, fleet["one"].Get("Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
    }
}
