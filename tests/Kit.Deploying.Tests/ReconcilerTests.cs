using Kit.Contracts;
using Kit.Deploying.Reconciling;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class ReconcilerTests
{
    [Fact]
    public void The_desired_state_is_the_newest_set_of_each_cluster_and_is_forgotten_when_the_cluster_moved_past_it()
    {
        var desired = new DesiredStates();
        var second = Fleet.Message("one", 2, ConfigMap("a", "2"));
        desired.Remember(second);
        desired.Remember(Fleet.Message("one", 1, ConfigMap("a", "1")));
        desired.Remember(Fleet.Message("two", 1, ConfigMap("a", "1")));
        Assert.Equal(second, desired.For("one"));

        desired.Forget("one", 1);
        Assert.True(desired.Knows("one"));
        desired.Forget("one", 3);
        Assert.False(desired.Knows("one"));

        desired.Remember(Fleet.Message("two", 2, "") with { Removed = true });
        Assert.False(desired.Knows("two"));
        Assert.Equal(0, desired.Count);
    }

    [Fact]
    public async Task A_deployer_asks_for_the_tip_for_the_clusters_it_knows_nothing_of_and_again_when_a_kubeconfig_appears()
    {
        await using var fleet = await Fleet.StartAsync(["one", "two"], deployer: s =>
        {
            s.ReconcileStartDelaySeconds = 0;
            s.KubeconfigScanSeconds = 1;
            s.ReconcileSeconds = 0;
        });
        await using var provider = ConsumerTests.Provider(fleet.Settings);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        provider.GetRequiredService<DesiredStates>().Remember(Fleet.Message("one", 1, ConfigMap("a", "1")));
        var reconciler = provider.GetRequiredService<Reconciler>();
        await reconciler.StartAsync(CancellationToken.None);
        try
        {
            var first = await harness.Published.SelectAsync<ReconcileRequested>().FirstOrDefault();
            Assert.NotNull(first);
            Assert.Equal(["two"], first.Context.Message.Clusters);
            Assert.Equal("deployer started", first.Context.Message.Reason);

            fleet.Server.AddCluster("three");

            var appeared = await harness.Published.SelectAsync<ReconcileRequested>(m => m.Context.Message.Reason == "kubeconfig appeared").FirstOrDefault();
            Assert.NotNull(appeared);
            Assert.Equal(["three"], appeared.Context.Message.Clusters);
            Assert.Equal(2, await harness.Published.SelectAsync<ReconcileRequested>().Count());
        }
        finally
        {
            await reconciler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task At_start_a_deployer_that_knows_no_cluster_asks_once_for_all_of_them()
    {
        await using var fleet = await Fleet.StartAsync(["one", "two", "three"], deployer: s =>
        {
            s.ReconcileStartDelaySeconds = 0;
            s.ReconcileSeconds = 0;
        });
        await using var provider = ConsumerTests.Provider(fleet.Settings, TimeSpan.FromSeconds(15));
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var reconciler = provider.GetRequiredService<Reconciler>();
        await reconciler.StartAsync(CancellationToken.None);
        try
        {
            var request = await harness.Published.SelectAsync<ReconcileRequested>().FirstOrDefault();
            Assert.NotNull(request);
            Assert.Empty(request.Context.Message.Clusters);
        }
        finally
        {
            await reconciler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_deployed_set_becomes_the_clusters_desired_state_and_a_stale_one_does_not()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        await using var provider = ConsumerTests.Provider(fleet.Settings);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var newer = Fleet.Message("one", 2, ConfigMap("a", "2"));

        await harness.Bus.Publish(newer);
        Assert.NotNull(await harness.Published.SelectAsync<ClusterDeployed>().FirstOrDefault());
        await harness.Bus.Publish(Fleet.Message("one", 1, ConfigMap("a", "1")));
        Assert.NotNull(await harness.Published.SelectAsync<ClusterDeployed>(m => m.Context.Message.Sequence == 1).FirstOrDefault());

        Assert.Equal(newer.CorrelationId, provider.GetRequiredService<DesiredStates>().For("one")?.CorrelationId);
    }

    [Fact]
    public async Task Every_reconcile_period_drift_is_published_and_healed_without_a_new_commit()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s =>
        {
            s.ReconcileStartDelaySeconds = 0;
            s.ReconcileSeconds = 1;
        });
        await using var provider = ConsumerTests.Provider(fleet.Settings, TimeSpan.FromSeconds(15));
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var message = Fleet.Message("one", 1, Set(Deployment("web", "web:1")));
        await harness.Bus.Publish(message);
        Assert.NotNull(await harness.Published.SelectAsync<ClusterDeployed>().FirstOrDefault());
        fleet["one"].Apply("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec: {replicas: 9}", fieldManager: "intruder", force: true);

        var reconciler = provider.GetRequiredService<Reconciler>();
        await reconciler.StartAsync(CancellationToken.None);
        try
        {
            var drift = await harness.Published.SelectAsync<DriftDetected>().FirstOrDefault();
            Assert.NotNull(drift);
            Assert.Equal((message.CorrelationId, message.CommitSha, true), (drift.Context.Message.CorrelationId, drift.Context.Message.CommitSha, drift.Context.Message.Healed));
            var web = Assert.Single(drift.Context.Message.Objects);
            Assert.Equal(["intruder"], web.Managers);
            Assert.True(await Kit.Testing.Eventually.HoldsAsync(() => fleet["one"].Get("Deployment", "default", "web")?["spec"]?["replicas"]?.GetValue<int>() == 1, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await reconciler.StopAsync(CancellationToken.None);
        }
    }
}
