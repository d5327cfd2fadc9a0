using Kit.Contracts;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>A set that differs from the deployed one by one object has one write: no dry run goes before it.</summary>
public sealed class SingleWriteCheckTests
{
    static readonly string[] Deployed = [ConfigMap("settings", "a"), WholeSetCheckTests.WebService, Deployment("web", "web:1")];

    [Fact]
    public async Task One_changed_object_is_applied_without_a_dry_run_first()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(Deployed)), null, CancellationToken.None);
        fleet["one"].ClearRequestLog();

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(ConfigMap("settings", "a"), WholeSetCheckTests.WebService, Deployment("web", "web:2"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.DryRun);
        Assert.Equal(["deployments web"], fleet["one"].RequestLog.Where(r => r.IsWrite && r.Resource != "configmaps").Select(r => $"{r.Resource} {r.Name}"));
    }

    [Fact]
    public async Task One_refused_object_fails_the_cluster_with_the_object_unchanged()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(Deployed)), null, CancellationToken.None);
        var service = fleet["one"].Get("Service", "default", "web")!.ToJsonString();

        var refused = WholeSetCheckTests.WebService.Replace("10.96.100.10", "10.96.100.11");
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(ConfigMap("settings", "a"), refused, Deployment("web", "web:1"))), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("may not change once set", result.Error);
        Assert.Equal(service, fleet["one"].Get("Service", "default", "web")!.ToJsonString());
    }

    [Fact]
    public async Task A_change_that_also_prunes_is_still_checked_whole()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(Deployed)), null, CancellationToken.None);
        fleet["one"].ClearRequestLog();

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(WholeSetCheckTests.WebService, Deployment("web", "web:2"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["deployments web"], fleet["one"].RequestLog.Where(r => r.DryRun).Select(r => $"{r.Resource} {r.Name}"));
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "settings"));
    }
}
