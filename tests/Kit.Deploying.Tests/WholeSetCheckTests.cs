using Kit.Contracts;
using Kit.KubeSim;
using Kit.Testing;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>A cluster's whole set is checked (a server-side dry-run of every object) before the first write.</summary>
public sealed class WholeSetCheckTests
{
    /// <summary>A Service with a fixed cluster IP, which a real API server never lets change.</summary>
    internal const string WebService = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          clusterIP: 10.96.100.10
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """;

    const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: token}
        stringData: {token: abc}
        """;

    public static TheoryData<string, string, string> BadFourthObjects => new()
    {
        { "invalid name", Service("9web"), "9web" },
        { "unknown kind", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gadget}\nspec: {size: 1}", "Widget gadget (all.yaml:16): cluster one serves no kind Widget in example.com/v1" },
        { "missing namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api, namespace: nope}\ndata: {a: b}", "ConfigMap nope/api (all.yaml:16): namespaces \"nope\" not found" },
        { "immutable field", WebService.Replace("10.96.100.10", "10.96.100.11"), "Service default/web (all.yaml:16): Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.100.11\"]: may not change once set" },
    };

    [Theory]
    [MemberData(nameof(BadFourthObjects))]
    public async Task A_set_whose_fourth_object_the_cluster_refuses_leaves_the_cluster_as_it_was(string _, string bad, string expected)
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var first = await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("settings", "a"), ConfigMap("old", "x"), WebService, Deployment("web", "web:1"))), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        var before = await SettledSnapshotAsync(fleet["one"]);
        fleet["one"].ClearRequestLog();

        var set = Set(ConfigMap("settings", "b"), ConfigMap("extra", "y"), Secret, bad, Deployment("web", "web:2"));
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, set), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains(expected, result.Error);
        Assert.Empty(result.Resources);
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.IsWrite);
        Assert.Equal(before, fleet["one"].Snapshot());
    }

    [Fact]
    public async Task The_same_set_with_a_valid_fourth_object_is_applied_and_prunes()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("settings", "a"), ConfigMap("old", "x"), WebService, Deployment("web", "web:1"))), null, CancellationToken.None);
        fleet["one"].ClearRequestLog();

        var set = Set(ConfigMap("settings", "b"), ConfigMap("extra", "y"), Secret, WebService, Deployment("web", "web:2"));
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, set), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "old"));
        Assert.Equal("b", fleet["one"].Get("ConfigMap", "default", "settings")!["data"]!["value"]!.GetValue<string>());

        // Objects applied with the same content before are not checked again: only the changed ones are.
        var checkedObjects = fleet["one"].RequestLog.Where(r => r.DryRun).Select(r => $"{r.Resource} {r.Name}").ToList();
        Assert.Equal(["configmaps settings", "configmaps extra", "secrets token", "deployments web"], checkedObjects);
    }

    [Fact]
    public async Task A_namespace_and_a_crd_created_by_the_set_are_not_refused_for_what_they_create()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var set = Set(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}",
            ConfigMap("settings", "a").Replace("metadata: {name: settings}", "metadata: {name: settings, namespace: team}"),
            WidgetCrd,
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: gadget, namespace: team}\nspec: {size: 1}");

        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, set), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.NotNull(fleet["one"].Get("ConfigMap", "team", "settings"));
    }

    [Fact]
    public async Task An_object_in_a_namespace_the_set_does_not_create_fails_even_beside_one_it_creates()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var before = await SettledSnapshotAsync(fleet["one"]);
        var set = Set(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}",
            ConfigMap("settings", "a").Replace("metadata: {name: settings}", "metadata: {name: settings, namespace: team}"),
            ConfigMap("other", "a").Replace("metadata: {name: other}", "metadata: {name: other, namespace: elsewhere}"));

        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, set), null, CancellationToken.None);

        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains("ConfigMap elsewhere/other (all.yaml:", result.Error);
        Assert.Contains("namespaces \"elsewhere\" not found", result.Error);
        Assert.Equal(before, fleet["one"].Snapshot());
    }

    /// <summary>The cluster's objects once its controllers stopped writing (a rollout's last status update).</summary>
    static async Task<IReadOnlyList<string>> SettledSnapshotAsync(KubeSimCluster cluster)
    {
        var (snapshot, settled) = await Eventually.SettledAsync(cluster.Snapshot, (now, last) => now.SequenceEqual(last), TimeSpan.FromMilliseconds(200));
        return settled ? snapshot : throw new InvalidOperationException("the cluster's objects kept changing");
    }
}
