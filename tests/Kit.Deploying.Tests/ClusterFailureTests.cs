using Kit.Contracts;
using Kit.Testing;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class ClusterFailureTests
{
    [Fact]
    public async Task One_cluster_down_leaves_the_others_deployed()
    {
        await using var fleet = await Fleet.StartAsync(["a", "b", "c"]);
        var deployer = fleet.NewDeployer();
        fleet["b"].TakeDown();
        var set = Set(ConfigMap("settings", "1"), Deployment("web", "web:1"));

        var results = await Task.WhenAll(new[] { "a", "b", "c" }.Select(c => deployer.DeployAsync(Fleet.Message(c, 1, set), null, CancellationToken.None)));

        Assert.Equal([DeploymentOutcome.Succeeded, DeploymentOutcome.Failed, DeploymentOutcome.Succeeded], results.Select(r => r.Outcome));
        Assert.Contains("cluster b unreachable after 3 attempts", results[1].Error);
        Assert.NotNull(fleet["a"].Get("Deployment", "default", "web"));
        Assert.NotNull(fleet["c"].Get("Deployment", "default", "web"));

        fleet["b"].BringUp();
        var retried = await deployer.DeployAsync(Fleet.Message("b", 1, set), null, CancellationToken.None);
        Assert.True(retried.Outcome == DeploymentOutcome.Succeeded, retried.Error);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        await using var fleet = await Fleet.StartAsync(["one"], o => new() { Names = o.Names, KubeconfigDirectory = o.KubeconfigDirectory, RolloutSeconds = 0.1, ErrorRate = 0.3 },
            s => s.RequestAttempts = 12);
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), ConfigMap("b", "1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Contains(fleet["one"].RequestLog, r => r.StatusCode == 500);
    }

    [Fact]
    public async Task A_bad_kubeconfig_is_a_clear_failure_for_that_cluster_only()
    {
        await using var fleet = await Fleet.StartAsync(["good"]);
        File.WriteAllText(Path.Combine(fleet.KubeconfigDirectory, "broken.yaml"), "apiVersion: v1\nclusters: [unclosed");
        File.WriteAllText(Path.Combine(fleet.KubeconfigDirectory, "exec.yaml"), KubeconfigFiles.Text("exec", exec: true));
        var deployer = fleet.NewDeployer();
        var set = ConfigMap("a", "1");

        var broken = await deployer.DeployAsync(Fleet.Message("broken", 1, set), null, CancellationToken.None);
        var exec = await deployer.DeployAsync(Fleet.Message("exec", 1, set), null, CancellationToken.None);
        var missing = await deployer.DeployAsync(Fleet.Message("nowhere", 1, set), null, CancellationToken.None);
        var good = await deployer.DeployAsync(Fleet.Message("good", 1, set), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, broken.Outcome);
        Assert.Contains("broken.yaml cannot be read", broken.Error);
        Assert.Equal(DeploymentOutcome.Failed, exec.Outcome);
        Assert.Contains("exec credential plugin", exec.Error);
        Assert.Equal(DeploymentOutcome.Failed, missing.Outcome);
        Assert.Contains("no kubeconfig names cluster nowhere", missing.Error);
        Assert.True(good.Outcome == DeploymentOutcome.Succeeded, good.Error);
    }

    [Fact]
    public async Task A_wrong_token_is_a_failure_that_names_the_refusal()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var path = fleet.Server.KubeconfigPath("one");
        File.WriteAllText(path, File.ReadAllText(path).Replace(fleet["one"].Token, "wrong"));
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, ConfigMap("a", "1")), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("kit-inventory", result.Error);
    }

    [Fact]
    public async Task A_manifest_the_cluster_refuses_names_the_object_and_file()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}")), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("Deployment old (all.yaml:", result.Error);
        Assert.Contains("extensions/v1beta1", result.Error);
    }

    [Fact]
    public async Task A_malformed_manifest_touches_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        fleet["one"].ClearRequestLog();
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), "kind: [")), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("all.yaml:", result.Error);
        Assert.Empty(fleet["one"].RequestLog);
    }
}
