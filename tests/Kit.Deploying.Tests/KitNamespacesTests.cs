using Kit.Contracts;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>kit's namespaces/&lt;cluster&gt;/*.yaml: created before the manifests when missing, never updated.</summary>
public sealed class KitNamespacesTests
{
    const string Team = "apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {owner: kit-folder}}";

    static ManifestsRendered Message(long sequence, string yaml, string namespaces) =>
        Fleet.Message("one", sequence, yaml) with { Namespaces = [new RenderedManifest { FileName = "team.yaml", Content = namespaces }] };

    [Fact]
    public async Task A_missing_namespace_is_created_before_the_manifests_that_live_in_it()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);

        var result = await fleet.NewDeployer().DeployAsync(Message(1, ConfigMap("settings", "a", ns: "team"), Team), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["Namespace team created", "ConfigMap settings created"], result.Resources.Select(r => $"{r.Kind} {r.Name} {r.Action}"));
        Assert.Equal("kit-folder", (string?)fleet["one"].Get("Namespace", null, "team")!["metadata"]!["labels"]!["owner"]);
        Assert.NotNull(fleet["one"].Get("ConfigMap", "team", "settings"));
    }

    [Fact]
    public async Task An_existing_namespace_is_never_updated()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        fleet["one"].Apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {added-by: someone}}");
        var before = fleet["one"].Get("Namespace", null, "team")!.ToJsonString();

        var result = await fleet.NewDeployer().DeployAsync(Message(1, ConfigMap("settings", "a", ns: "team"), Team), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.DoesNotContain(result.Resources, r => r.Kind == "Namespace");
        Assert.Equal(before, fleet["one"].Get("Namespace", null, "team")!.ToJsonString());
    }

    [Fact]
    public async Task Dry_run_says_created_only_for_a_missing_namespace_and_creates_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        fleet["one"].Apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: present}");
        var namespaces = Team + "\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: present}";

        var result = await fleet.NewDeployer().DeployAsync(Message(1, ConfigMap("settings", "a"), namespaces), new DeployModes { DryRun = true }, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["team created"], result.Resources.Where(r => r.Kind == "Namespace").Select(r => $"{r.Name} {r.Action}"));
        Assert.Null(fleet["one"].Get("Namespace", null, "team"));
    }

    [Fact]
    public async Task Anything_but_a_namespace_in_the_folder_fails_the_cluster_before_any_write()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var before = fleet["one"].Snapshot();

        var result = await fleet.NewDeployer().DeployAsync(Message(1, ConfigMap("settings", "a"), ConfigMap("sneaky", "x")), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Equal("team.yaml:1: ConfigMap sneaky is in the namespaces folder, which holds only Namespace objects (apiVersion v1)", result.Error);
        Assert.Equal(before, fleet["one"].Snapshot());
    }
}
