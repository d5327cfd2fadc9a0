using System.Diagnostics;
using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Kubernetes;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class RolloutTests
{
    [Fact]
    public async Task A_failing_image_fails_the_cluster_within_the_grace_period_not_the_timeout()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 0.1, FailImages = "broken", ProgressDeadlineSeconds = 600 },
            s => (s.RolloutTimeoutSeconds, s.FailingPodGraceSeconds) = (120, 1));
        var deployer = fleet.NewDeployer();
        var clock = Stopwatch.StartNew();

        var result = await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("c", "1"), Deployment("web", "registry/broken:1"))), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("Deployment default/web", result.Error);
        Assert.Contains("ImagePullBackOff", result.Error);
        Assert.Matches("pod web-[a-z0-9-]+ container web", result.Error);
        var inventory = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Equal((InventoryStore.Failed, 1L), (inventory.Status, inventory.Sequence));
        Assert.Null(inventory.Holder);
    }

    [Fact]
    public async Task A_progress_deadline_fails_the_rollout()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, FailImages = "broken", ProgressDeadlineSeconds = 1 },
            s => (s.FailingPodGraceSeconds, s.IgnoredFailureReasons) = (0, ["ImagePullBackOff", "ErrImagePull"]));
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Deployment("web", "broken:1")), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("ProgressDeadlineExceeded", result.Error);
    }

    [Fact]
    public async Task A_slow_rollout_times_out()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 30 },
            s => s.RolloutTimeoutSeconds = 1);
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Deployment("web", "web:1")), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.TimedOut, result.Outcome);
        Assert.Contains("Deployment default/web did not roll out within 1 s", result.Error);
    }

    [Fact]
    public async Task Fast_rollback_switches_the_service_only_to_an_available_copy_and_keeps_the_old_one_serving_on_failure()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 0.1, FailImages = "broken" });
        var deployer = fleet.NewDeployer();
        string Selector() => fleet["one"].Get("Service", "default", "web")!["spec"]!["selector"]![Marks.DeployId]!.GetValue<string>();

        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(Deployment("web", "web:1"), Service("web")), "fast-rollback", "d1"), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        Assert.NotNull(fleet["one"].Get("Deployment", "default", "web-d1"));
        Assert.Equal("d1", Selector());

        var broken = await deployer.DeployAsync(Fleet.Message("one", 2, Set(Deployment("web", "broken:2"), Service("web")), "fast-rollback", "d2"), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.RolledBack, broken.Outcome);
        Assert.Contains("ImagePullBackOff", broken.Error);
        Assert.Equal("d1", Selector());
        Assert.NotNull(fleet["one"].Get("Deployment", "default", "web-d1"));

        for (var i = 3; i <= 6; i++)
        {
            var next = await deployer.DeployAsync(Fleet.Message("one", i, Set(Deployment("web", $"web:{i}"), Service("web")), "fast-rollback", $"d{i}"), null, CancellationToken.None);
            Assert.True(next.Outcome == DeploymentOutcome.Succeeded, next.Error);
            Assert.Equal($"d{i}", Selector());
        }

        // The newest copy and the last three old ones stay; older ones are deleted.
        var copies = fleet["one"].List("Deployment", "default").Select(d => d["metadata"]!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["web-d3", "web-d4", "web-d5", "web-d6"], copies);
    }

    [Fact]
    public async Task The_configured_strategy_applies_to_sets_that_name_none()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 0.1 },
            s => s.Strategy = Kit.Deploying.FastRollback.Strategy);

        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(Deployment("web", "web:1"), Service("web"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        var copy = Assert.Single(fleet["one"].List("Deployment", "default"));
        Assert.StartsWith("web-", copy["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(copy["metadata"]!["labels"]![Marks.DeployId]!.GetValue<string>(),
            fleet["one"].Get("Service", "default", "web")!["spec"]!["selector"]![Marks.DeployId]!.GetValue<string>());
    }
}
