using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Testing;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>Drift made the way people make it (kubectl scale, kubectl set env, another manager's forced apply, a delete) is found and healed.</summary>
public sealed class DriftTests
{
    static readonly string Web = Deployment("web", "web:1");

    [Fact]
    public async Task Kubectl_scale_is_reported_with_its_manager_and_scaled_back()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web, ConfigMap("settings", "a")));
        await KubectlAsync(fleet, "scale", "deployment/web", "--replicas=3");

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        var drift = Assert.IsType<DriftDetected>(result.Drift);
        var web = Assert.Single(drift.Objects);
        Assert.Equal(("Deployment", "default", "web", false), (web.Kind, web.Namespace, web.Name, web.Missing));
        Assert.Contains("spec.replicas: 3 -> 1", web.Fields);
        // kubectl scale names no field manager: the API server records kubectl's user agent.
        Assert.Equal(["kubectl"], web.Managers);
        Assert.True(drift.Healed);
        Assert.Equal((desired.Cluster, desired.CommitSha, desired.CorrelationId), (drift.Cluster, drift.CommitSha, drift.CorrelationId));
        Assert.Equal(1, fleet["one"].Get("Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(DeploymentOutcome.Succeeded, result.Deployed.Outcome);
        Assert.Equal(["Deployment web configured"], result.Deployed.Resources.Where(a => a.Action != "unchanged").Select(a => $"{a.Kind} {a.Name} {a.Action}"));
        var inventory = Inventory(fleet);
        Assert.Equal((desired.Sequence, desired.CommitSha, desired.CorrelationId.ToString()), (inventory.Sequence, inventory.Commit, inventory.DeploymentId));

        var again = await deployer.ReconcileAsync(desired, CancellationToken.None);
        Assert.Null(again.Drift);
        Assert.Equal((DeploymentOutcome.Skipped, "unchanged"), (again.Deployed.Outcome, again.Deployed.SkipReason));
    }

    [Fact]
    public async Task Kubectl_set_env_is_reported_as_a_field_to_remove_and_undone()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web));
        await KubectlAsync(fleet, "set", "env", "deployment/web", "FOO=bar");

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        var web = Assert.Single(Assert.IsType<DriftDetected>(result.Drift).Objects);
        Assert.Contains("spec.template.spec.containers[name=web].env[name=FOO]: {\"name\":\"FOO\",\"value\":\"bar\"} -> (none)", web.Fields);
        Assert.Equal(["kubectl-set"], web.Managers);
        var container = fleet["one"].Get("Deployment", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Null(container["env"]);
        Assert.Null((await deployer.ReconcileAsync(desired, CancellationToken.None)).Drift);
    }

    [Fact]
    public async Task Another_managers_forced_apply_is_reported_with_that_manager_and_taken_back()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web));
        fleet["one"].Apply(Deployment("web", "web:hotfix"), fieldManager: "hotfixer", force: true);

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        var web = Assert.Single(Assert.IsType<DriftDetected>(result.Drift).Objects);
        Assert.Contains("spec.template.spec.containers[0].image: \"web:hotfix\" -> \"web:1\"", web.Fields);
        Assert.Equal(["hotfixer"], web.Managers);
        Assert.Equal("web:1", fleet["one"].Get("Deployment", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_object_is_reported_missing_and_created_again()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web, ConfigMap("settings", "a")));
        Assert.True(fleet["one"].Delete("configmaps", "default", "settings"));

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        var settings = Assert.Single(Assert.IsType<DriftDetected>(result.Drift).Objects);
        Assert.Equal(("ConfigMap", "settings", true), (settings.Kind, settings.Name, settings.Missing));
        Assert.Contains(result.Deployed.Resources, a => a is { Kind: "ConfigMap", Name: "settings", Action: "created" });
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "settings"));
    }

    [Fact]
    public async Task Without_self_heal_drift_is_only_reported()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s => s.SelfHeal = false);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web));
        await KubectlAsync(fleet, "scale", "deployment/web", "--replicas=3");
        fleet["one"].ClearRequestLog();

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        var drift = Assert.IsType<DriftDetected>(result.Drift);
        Assert.False(drift.Healed);
        Assert.Equal((DeploymentOutcome.Skipped, "drifted"), (result.Deployed.Outcome, result.Deployed.SkipReason));
        Assert.Equal(3, fleet["one"].Get("Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.DoesNotContain(fleet["one"].RequestLog, e => e.IsWrite);
    }

    [Fact]
    public async Task A_cluster_without_drift_is_confirmed_with_one_list_per_kind_and_no_write()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, desired) = await DeployedAsync(fleet, Set(Web, Deployment("api", "api:1"), Service("web"), ConfigMap("settings", "a")));
        fleet["one"].ClearRequestLog();

        var result = await deployer.ReconcileAsync(desired, CancellationToken.None);

        Assert.Null(result.Drift);
        Assert.Equal((DeploymentOutcome.Skipped, "unchanged"), (result.Deployed.Outcome, result.Deployed.SkipReason));
        Assert.InRange(fleet["one"].RequestLog.Count, 1, 2 + 3);
        Assert.DoesNotContain(fleet["one"].RequestLog, e => e.IsWrite || e.DryRun);
    }

    [Fact]
    public async Task A_cluster_newer_than_the_desired_set_is_stale_and_untouched()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var old = Fleet.Message("one", 1, Set(Web));
        Assert.Equal(DeploymentOutcome.Succeeded, (await deployer.DeployAsync(Fleet.Message("one", 2, Set(Deployment("web", "web:2"))), null, CancellationToken.None)).Outcome);
        fleet["one"].ClearRequestLog();

        var result = await deployer.ReconcileAsync(old, CancellationToken.None);

        Assert.True(result.Stale);
        Assert.Null(result.Drift);
        Assert.DoesNotContain(fleet["one"].RequestLog, e => e.IsWrite);
    }

    [Fact]
    public async Task An_unchanged_render_of_a_drifted_cluster_is_not_unchanged()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, _) = await DeployedAsync(fleet, Set(Web));
        await KubectlAsync(fleet, "scale", "deployment/web", "--replicas=3");

        var result = await deployer.DeployCheckedAsync(Fleet.Message("one", 2, Set(Web)), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Succeeded, result.Deployed.Outcome);
        Assert.Contains(result.Deployed.Resources, a => a is { Kind: "Deployment", Name: "web", Action: "configured" });
        Assert.True(result.Drift is { Healed: true });
        Assert.Equal(1, fleet["one"].Get("Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Only_the_changed_object_is_applied()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var (deployer, _) = await DeployedAsync(fleet, Set(Web, Deployment("api", "api:1"), Deployment("worker", "worker:1"), ConfigMap("settings", "a")));
        fleet["one"].ClearRequestLog();

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(Web, Deployment("api", "api:2"), Deployment("worker", "worker:1"), ConfigMap("settings", "a"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["Deployment api configured"], result.Resources.Where(a => a.Action != "unchanged").Select(a => $"{a.Kind} {a.Name} {a.Action}"));
        Assert.Equal(["api"], fleet["one"].RequestLog.Where(e => e.Verb == "apply" && !e.DryRun).Select(e => e.Name));
    }

    static async Task<(ClusterDeployer Deployer, ManifestsRendered Desired)> DeployedAsync(Fleet fleet, string set)
    {
        var deployer = fleet.NewDeployer();
        var desired = Fleet.Message("one", 1, set);
        var deployed = await deployer.DeployAsync(desired, null, CancellationToken.None);
        Assert.True(deployed.Outcome == DeploymentOutcome.Succeeded, deployed.Error);
        return (deployer, desired);
    }

    static InventoryRecord Inventory(Fleet fleet) => InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);

    static async Task KubectlAsync(Fleet fleet, params string[] args)
    {
        var result = await new Kubectl(fleet["one"].KubeconfigPath!, Path.Combine(fleet.KubeconfigDirectory, "cache")).RunAsync(args);
        Assert.True(result.ExitCode == 0, result.All);
    }
}
