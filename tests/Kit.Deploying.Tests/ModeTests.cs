using Kit.Contracts;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class ModeTests
{
    [Fact]
    public async Task A_custom_resource_is_applied_after_its_definition_is_established()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var result = await fleet.NewDeployer().DeployAsync(
            Fleet.Message("one", 1, Set("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}", WidgetCrd)), null, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["CustomResourceDefinition widgets.example.com", "Widget w"], result.Resources.Select(r => $"{r.Kind} {r.Name}"));
        Assert.Null(result.Resources[0].Namespace);
        Assert.Equal(3, fleet["one"].Get("widgets", "default", "w")!["spec"]!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_dependent_waits_for_what_its_selector_selects()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var job = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations: {kit-deployer/dependency-selector: "app=db"}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: "migrate:1"}]
            """;
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(job, Deployment("db", "db:1"))), null, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["Deployment db", "Job migrate"], result.Resources.Select(r => $"{r.Kind} {r.Name}"));
        var db = fleet["one"].RequestLog.Where(r => r.Verb == "apply" && !r.DryRun).Select(r => r.Name).ToList();
        Assert.Equal(["db", "migrate"], db);
    }

    [Fact]
    public async Task A_dependency_selector_that_matches_nothing_fails_with_the_selector()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s => s.WaitTimeoutSeconds = 1);
        var job = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: waits
              annotations: {kit-deployer/dependency-selector: "app in (queue)"}
            """;
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, job), null, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.TimedOut, result.Outcome);
        Assert.Contains("ConfigMap waits waits for kit-deployer/dependency-selector 'app in (queue)': nothing matches it", result.Error);
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "waits"));
    }

    [Fact]
    public async Task Dry_run_reports_what_would_change_and_writes_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), Deployment("web", "web:1"))), new DeployModes { DryRun = true }, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.All(result.Resources, r => Assert.Equal("created", r.Action));
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "a"));
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "kit-inventory"));
    }

    [Fact]
    public async Task Diff_compares_live_and_desired_and_writes_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), ConfigMap("b", "1"))), null, CancellationToken.None);
        fleet["one"].ClearRequestLog();
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(ConfigMap("a", "1"), ConfigMap("b", "2"), ConfigMap("c", "1"))), new DeployModes { Diff = true }, CancellationToken.None);
        Assert.Equal(["a unchanged", "b configured", "c created"], result.Resources.Select(r => $"{r.Name} {r.Action}"));
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.IsWrite);
    }

    [Fact]
    public async Task Create_only_leaves_existing_objects_alone()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        fleet["one"].Apply(ConfigMap("a", "by-hand"));
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), ConfigMap("b", "1"))), new DeployModes { CreateOnly = true }, CancellationToken.None);
        Assert.Equal(["a unchanged", "b created"], result.Resources.Select(r => $"{r.Name} {r.Action}"));
        Assert.Equal("by-hand", fleet["one"].Get("ConfigMap", "default", "a")!["data"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Objects_go_to_the_kubeconfig_namespace_unless_they_name_one()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var path = fleet.Server.KubeconfigPath("one");
        File.WriteAllText(path, File.ReadAllText(path).Replace("namespace: default", "namespace: team"));
        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("a", "1"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default}")), null, CancellationToken.None);
        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.NotNull(fleet["one"].Get("ConfigMap", "team", "a"));
        Assert.NotNull(fleet["one"].Get("ConfigMap", "team", "kit-inventory"));
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "b"));
    }
}
