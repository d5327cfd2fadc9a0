using System.Text.Json.Nodes;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>Server-side apply and strategic merge patch, driven by the real kubectl, with the list semantics of the Kubernetes schemas.</summary>
public sealed partial class KubectlTests
{
    static string WebWithContainer(string container) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {{{container}}}
        """;

    static string EnvItems(string[] names) => string.Join(", ", names.Select(n => $"{{name: {n}, value: \"{n.ToLowerInvariant()}\"}}"));

    static string Env(params string[] names) => "{name: app, image: nginx, env: [" + EnvItems(names) + "]}";

    /// <summary>A partial configuration a second manager applies: only the app container's env.</summary>
    static string EnvOnly(params string[] names) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - {name: app, env: [{{{EnvItems(names)}}}]}
        """;

    static JsonNode AppContainer(SimulatorFixture f) => f.C1.Get("deployments", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!;

    static string[] EnvNames(SimulatorFixture f) => [.. AppContainer(f)["env"]!.AsArray().Select(e => (string?)e!["name"] ?? "(nameless)")];

    [Fact]
    public async Task Server_side_apply_of_env_A_B_C_then_A_C_leaves_A_C_and_no_nameless_entry()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var first = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", WebWithContainer(Env("A", "B", "C"))));

        var second = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", WebWithContainer(Env("A", "C"))));

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.All + second.All);
        Assert.Equal("""[{"name":"A","value":"a"},{"name":"C","value":"c"}]""", AppContainer(f)["env"]!.ToJsonString());
    }

    [Fact]
    public async Task Two_managers_share_an_env_list_and_one_dropping_its_item_leaves_the_others()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=team-a", "-f", f.Write("a1.yaml", WebWithContainer(Env("A", "SHARED"))));
        var b = await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=team-b", "-f", f.Write("b.yaml", EnvOnly("SHARED", "B")));

        var a = await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=team-a", "-f", f.Write("a2.yaml", WebWithContainer(Env("A"))));
        var afterA = EnvNames(f);
        var b2 = await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=team-b", "-f", f.Write("b2.yaml", EnvOnly("B")));

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0 && b2.ExitCode == 0, a.All + b.All + b2.All);
        Assert.Equal(["A", "SHARED", "B"], afterA);
        Assert.Equal(["A", "B"], EnvNames(f));
    }

    [Fact]
    public async Task A_label_two_managers_apply_is_removed_only_when_the_last_one_drops_it()
    {
        await using var f = await SimulatorFixture.StartAsync();
        static string Map(string labels) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings, labels: {{{labels}}}}}\ndata: {{value: \"1\"}}\n";
        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=a", "-f", f.Write("a1.yaml", Map("team: x, tier: web")));
        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=b", "-f", f.Write("b1.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, labels: {team: x}}\n"));

        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=a", "-f", f.Write("a2.yaml", Map("owner: a")));
        var afterA = f.C1.Get("configmaps", "default", "settings")!["metadata"]!["labels"]!.ToJsonString();
        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=b", "-f", f.Write("b2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"));

        Assert.Equal("""{"team":"x","owner":"a"}""", afterA);
        Assert.Equal("""{"owner":"a"}""", f.C1.Get("configmaps", "default", "settings")!["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public async Task An_apply_conflicting_with_an_update_manager_is_refused_in_kube_apiservers_words_until_forced()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = f.Write("v1.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app"));
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1);
        var patched = await f.Kubectl.RunAsync("patch", "deployment", "web", "--type", "merge", "-p", """{"spec":{"replicas":5}}""");
        var v2 = f.Write("v2.yaml", Manifests.Deployment("web", "nginx:1.26", replicas: 3, container: "app"));

        var conflict = await f.Kubectl.RunAsync("apply", "--server-side", "-f", v2);
        var forced = await f.Kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", v2);

        Assert.Equal(0, patched.ExitCode);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using apps/v1: .spec.replicas", conflict.All);
        Assert.Contains("--force-conflicts", conflict.All);
        Assert.True(forced.ExitCode == 0, forced.All);
        var live = f.C1.Get("deployments", "default", "web")!;
        Assert.Equal(3, (int)live["spec"]!["replicas"]!);
        Assert.DoesNotContain(live["metadata"]!["managedFields"]!.AsArray(), e => (string?)e!["manager"] == "kubectl-patch");
    }

    [Fact]
    public async Task Several_conflicts_are_listed_per_manager()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "--server-side", "--field-manager=kit", "-f", f.Write("v1.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app")));

        var conflict = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", Manifests.Deployment("web", "nginx:1.26", replicas: 3, container: "app")));

        Assert.Contains(
            "Apply failed with 2 conflicts: conflicts with \"kit\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"app\"].image",
            conflict.All);
    }

    [Fact]
    public async Task Client_side_apply_removes_an_env_entry_and_a_container_port()
    {
        await using var f = await SimulatorFixture.StartAsync();
        const string Before = "{name: app, image: nginx, ports: [{containerPort: 80}, {containerPort: 8080, name: metrics}], env: [{name: A, value: a}, {name: B, value: b}]}";
        const string After = "{name: app, image: nginx, ports: [{containerPort: 80}], env: [{name: A, value: a}]}";
        var created = await f.Kubectl.RunAsync("apply", "-f", f.Write("v1.yaml", WebWithContainer(Before)));

        var configured = await f.Kubectl.RunAsync("apply", "-f", f.Write("v2.yaml", WebWithContainer(After)));

        Assert.True(created.ExitCode == 0 && configured.ExitCode == 0, created.All + configured.All);
        Assert.Contains("deployment.apps/web configured", configured.Output);
        Assert.Equal(["A"], EnvNames(f));
        Assert.Equal("""[{"containerPort":80,"protocol":"TCP"}]""", AppContainer(f)["ports"]!.ToJsonString());
    }

    [Fact]
    public async Task Server_side_apply_after_client_side_apply_takes_over_its_fields_as_kubectl_migrates_them()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "-f", f.Write("v1.yaml", WebWithContainer(Env("A", "B"))));

        var applied = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", WebWithContainer(Env("A"))));

        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.Equal(["A"], EnvNames(f));
        var managers = f.C1.Get("deployments", "default", "web")!["metadata"]!["managedFields"]!.AsArray().Select(e => (string?)e!["manager"]);
        Assert.DoesNotContain("kubectl-client-side-apply", managers);
    }

    [Fact]
    public async Task Strategic_merge_patch_deletes_a_list_item_by_its_merge_key()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", WebWithContainer(Env("A", "B", "C"))));

        var patched = await f.Kubectl.RunAsync("patch", "deployment", "web", "--type", "strategic", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","$patch":"delete"},{"name":"D","value":"d"}]}]}}}}""");

        Assert.True(patched.ExitCode == 0, patched.All);
        Assert.Equal(["A", "C", "D"], EnvNames(f));
        Assert.Equal("nginx", (string?)AppContainer(f)["image"]);
    }

    [Fact]
    public async Task Strategic_merge_patch_of_a_custom_resource_is_refused_while_a_merge_patch_works()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("crd.yaml", Manifests.WidgetCrd));
        await f.Kubectl.RunAsync("wait", "--for=condition=established", "crd/widgets.example.com", "--timeout=10s");
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n"));

        var strategic = await f.Kubectl.RunAsync("patch", "widget", "w1", "--type", "strategic", "-p", """{"spec":{"size":4}}""");
        var merge = await f.Kubectl.RunAsync("patch", "widget", "w1", "--type", "merge", "-p", """{"spec":{"size":5}}""");

        Assert.NotEqual(0, strategic.ExitCode);
        Assert.Contains("unknown format", strategic.All);
        Assert.True(merge.ExitCode == 0, merge.All);
        Assert.Equal(5, (int)f.C1.Get("widgets", "default", "w1")!["spec"]!["size"]!);
    }
}
