using Kit.Contracts;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>What the server refuses to change in place: a Job is recreated, another object only with kit-deployer/recreate: "true".</summary>
public sealed class RecreationTests
{
    const string PinnedService = WholeSetCheckTests.WebService;

    static readonly string RecreatedService = PinnedService.Replace("metadata: {name: web}", "metadata: {name: web, annotations: {kit-deployer/recreate: \"true\"}}");

    [Fact]
    public async Task A_job_whose_image_changed_is_deleted_and_created_again()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(Job("migrate", "migrate:1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        var uid = Uid(fleet, "Job", "migrate");
        fleet["one"].ClearRequestLog();

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(Job("migrate", "migrate:2"), Deployment("web", "web:2"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal("recreated", result.Resources.Single(r => r.Kind == "Job").Action);
        Assert.NotEqual(uid, Uid(fleet, "Job", "migrate"));
        Assert.Equal("migrate:2", (string?)fleet["one"].Get("Job", "default", "migrate")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        var delete = Assert.Single(fleet["one"].RequestLog, r => r.Verb == "delete" && r.Resource == "jobs");
        Assert.Contains("propagationPolicy=Background", delete.Path);
    }

    [Fact]
    public async Task A_job_that_did_not_change_is_left_alone()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(Job("migrate", "migrate:1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        var uid = Uid(fleet, "Job", "migrate");

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(Job("migrate", "migrate:1"), Deployment("web", "web:2"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal("unchanged", result.Resources.Single(r => r.Kind == "Job").Action);
        Assert.Equal(uid, Uid(fleet, "Job", "migrate"));
    }

    [Fact]
    public async Task An_annotated_service_whose_cluster_ip_changed_is_recreated()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(RecreatedService, Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        var uid = Uid(fleet, "Service", "web");

        var result = await deployer.DeployAsync(Fleet.Message("one", 2, Set(RecreatedService.Replace("10.96.100.10", "10.96.100.11"), Deployment("web", "web:1"))), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal("recreated", result.Resources.Single(r => r.Kind == "Service").Action);
        Assert.NotEqual(uid, Uid(fleet, "Service", "web"));
        Assert.Equal("10.96.100.11", (string?)fleet["one"].Get("Service", "default", "web")!["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task An_unannotated_immutable_change_fails_in_one_line_before_anything_is_written()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(Job("migrate", "migrate:1"), PinnedService, Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        var before = fleet["one"].Snapshot();
        fleet["one"].ClearRequestLog();

        // The Job would be recreated, but the Service cannot change: nothing at all is written, the Job included.
        var set = Set(Job("migrate", "migrate:2"), PinnedService.Replace("10.96.100.10", "10.96.100.11"), Deployment("web", "web:2"));
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, set), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        var error = result.Error!;
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith("Service default/web (all.yaml:", error);
        Assert.Contains("spec.clusterIPs[0]", error);
        Assert.Contains("kit-deployer/recreate: \"true\"", error);
        Assert.Empty(result.Resources);
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.IsWrite);
        Assert.Equal(before, fleet["one"].Snapshot());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Dry_run_and_diff_say_a_job_would_be_recreated_and_leave_it(bool dryRun, bool diff)
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(Job("migrate", "migrate:1"), Deployment("web", "web:1"))), null, CancellationToken.None);
        var before = fleet["one"].Snapshot();

        var result = await deployer.DeployAsync(
            Fleet.Message("one", 2, Set(Job("migrate", "migrate:2"), Deployment("web", "web:1"))), new DeployModes { DryRun = dryRun, Diff = diff }, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal("recreated", result.Resources.Single(r => r.Kind == "Job").Action);
        Assert.Equal(before, fleet["one"].Snapshot());
    }

    static string? Uid(Fleet fleet, string kind, string name) => (string?)fleet["one"].Get(kind, "default", name)!["metadata"]!["uid"];
}
