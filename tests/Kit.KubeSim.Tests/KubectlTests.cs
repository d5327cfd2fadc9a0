using Kit.Testing;
namespace Kit.KubeSim.Tests;

/// <summary>The real kubectl, a client nobody here wrote, against the simulator.</summary>
public sealed partial class KubectlTests
{
    [Fact]
    public async Task Server_side_apply_creates_then_changes_nothing_then_configures()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = f.Write("v1.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app"));
        var v2 = f.Write("v2.yaml", Manifests.Deployment("web", "nginx:1.26", replicas: 2, container: "app"));

        var created = await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1);
        await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var before = f.C1.Get("deployments", "default", "web")!;
        var unchanged = await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1);
        var after = f.C1.Get("deployments", "default", "web")!;
        var configured = await f.Kubectl.RunAsync("apply", "--server-side", "-f", v2);
        var changed = f.C1.Get("deployments", "default", "web")!;

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("deployment.apps/web serverside-applied", created.Output);
        Assert.Equal(0, unchanged.ExitCode);
        Assert.Equal(0, configured.ExitCode);
        Assert.Equal(ResourceVersion(before), ResourceVersion(after));
        Assert.Equal(1, (long)after["metadata"]!["generation"]!);
        Assert.Equal(2, (long)changed["metadata"]!["generation"]!);
        Assert.Equal("nginx:1.26", (string?)changed["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        var manager = changed["metadata"]!["managedFields"]![0]!;
        Assert.Equal("kubectl", (string?)manager["manager"]);
        Assert.Equal("Apply", (string?)manager["operation"]);
    }

    [Fact]
    public async Task Client_side_apply_reports_created_unchanged_configured()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = f.Write("v1.yaml", Manifests.ConfigMap("settings", "1"));
        var v2 = f.Write("v2.yaml", Manifests.ConfigMap("settings", "2"));

        Assert.Contains("configmap/settings created", (await f.Kubectl.RunAsync("apply", "-f", v1)).Output);
        Assert.Contains("configmap/settings unchanged", (await f.Kubectl.RunAsync("apply", "-f", v1)).Output);
        Assert.Contains("configmap/settings configured", (await f.Kubectl.RunAsync("apply", "-f", v2)).Output);
        Assert.Equal("2", (string?)f.C1.Get("configmaps", "default", "settings")!["data"]!["value"]);
    }

    [Fact]
    public async Task Get_prints_yaml_tables_and_filters_by_label()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var a = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("a.yaml", Manifests.ConfigMap("a", "1", app: "front")));
        var b = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("b.yaml", Manifests.ConfigMap("b", "1", app: "back")));
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.All + b.All);

        var yaml = await f.Kubectl.RunAsync("get", "configmap", "a", "-o", "yaml");
        var selected = await f.Kubectl.RunAsync("get", "cm", "-l", "app=front", "-o", "name");
        var notIn = await f.Kubectl.RunAsync("get", "cm", "-l", "app notin (front)", "-o", "name");
        var table = await f.Kubectl.RunAsync("get", "configmaps");

        Assert.Equal(0, yaml.ExitCode);
        Assert.Contains("name: a", yaml.Output);
        Assert.Contains("value: \"1\"", yaml.Output);
        Assert.Equal("configmap/a", selected.Output.Trim());
        Assert.True("configmap/b" == notIn.Output.Trim(), notIn.All);
        Assert.Matches(@"NAME\s+DATA\s+AGE", table.Output);
        Assert.Matches(@"\na\s+1\s+\d+s", table.Output);
    }

    [Fact]
    public async Task Diff_shows_changes_and_exits_1_then_exits_0_when_in_sync()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = f.Write("v1.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app"));
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1);

        var changed = await f.Kubectl.RunAsync("diff", "--server-side", "-f", f.Write("v2.yaml", Manifests.Deployment("web", "nginx:1.26", replicas: 2, container: "app")));
        var same = await f.Kubectl.RunAsync("diff", "--server-side", "-f", v1);
        var clientSide = await f.Kubectl.RunAsync("diff", "-f", f.Write("v3.yaml", Manifests.Deployment("web", "nginx:1.27", replicas: 2, container: "app")));

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("+        image: nginx:1.26", changed.Output.Replace("-      - ", "        ").Replace("+      - ", "+        "));
        Assert.Equal(0, same.ExitCode);
        Assert.Equal("", same.Output);
        Assert.Equal(1, clientSide.ExitCode);
        Assert.Contains("nginx:1.27", clientSide.Output);
        Assert.Equal("nginx:1.25", (string?)f.C1.Get("deploy", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Rollout_status_and_wait_succeed_once_the_deployment_is_available()
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 1);
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("d.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 3, container: "app")));

        var rollout = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var wait = await f.Kubectl.RunAsync("wait", "--for=condition=available", "deployment/web", "--timeout=30s");
        var pods = await f.Kubectl.RunAsync("get", "pods", "-l", "app=web", "-o", "name");

        Assert.Equal(0, rollout.ExitCode);
        Assert.Contains("successfully rolled out", rollout.Output);
        Assert.Equal(0, wait.ExitCode);
        Assert.Contains("condition met", wait.Output);
        Assert.Equal(3, pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Rollout_status_fails_for_an_image_that_cannot_be_pulled()
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 0, failImages: "broken", progressDeadline: 2);
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("d.yaml", Manifests.Deployment("web", "registry.local/broken:1", replicas: 2, container: "app")));

        var rollout = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var pods = await f.Kubectl.RunAsync("get", "pods");
        var events = await f.Kubectl.RunAsync("get", "events");

        Assert.NotEqual(0, rollout.ExitCode);
        Assert.Contains("exceeded its progress deadline", rollout.All);
        Assert.Contains("ImagePullBackOff", pods.Output);
        Assert.Contains("Back-off pulling image \"registry.local/broken:1\"", events.Output);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_with_its_replica_sets_and_pods()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var d = f.Write("d.yaml", Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app"));
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", d);
        await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        Assert.NotEmpty(f.C1.List("pods", "default"));

        var deleted = await f.Kubectl.RunAsync("delete", "-f", d);
        var get = await f.Kubectl.RunAsync("get", "deployment", "web");

        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("deployment.apps \"web\" deleted", deleted.Output);
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("deployments.apps \"web\" not found", get.Error);
        Assert.Empty(f.C1.List("replicasets", "default"));
        Assert.Empty(f.C1.List("pods", "default"));
    }

    [Fact]
    public async Task Apply_conflicting_with_another_manager_fails_until_forced()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply(Manifests.Deployment("web", "nginx:1.25", replicas: 2, container: "app"), fieldManager: "kit");
        var mine = f.Write("d.yaml", Manifests.Deployment("web", "nginx:1.30", replicas: 2, container: "app"));

        var conflict = await f.Kubectl.RunAsync("apply", "--server-side", "-f", mine);
        var forced = await f.Kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", mine);

        Assert.Equal(1, conflict.ExitCode);
        Assert.Contains("conflict with \"kit\"", conflict.Error);
        Assert.Contains(".spec.template.spec.containers[name=\"app\"].image", conflict.Error);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("nginx:1.30", (string?)f.C1.Get("deploy", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Custom_resources_are_served_once_their_definition_is_applied()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var crd = f.Write("crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """);
        var widget = f.Write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n");

        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", crd)).ExitCode);
        Assert.Equal(0, (await f.Kubectl.RunAsync("wait", "--for=condition=established", "crd/widgets.example.com", "--timeout=10s")).ExitCode);
        var applied = await f.Kubectl.RunAsync("apply", "--server-side", "-f", widget);
        var got = await f.Kubectl.RunAsync("get", "wd", "w1", "-o", "jsonpath={.spec.size}");

        Assert.Equal(0, applied.ExitCode);
        Assert.Contains("widget.example.com/w1 serverside-applied", applied.Output);
        Assert.Equal("3", got.Output);
    }

    [Fact]
    public async Task Rollout_status_follows_stateful_sets_and_daemon_sets_and_wait_sees_jobs_complete()
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 0.5);
        var manifests = f.Write("w.yaml", """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 2
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: postgres:16}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: a, image: agent:1}]}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec: {restartPolicy: Never, containers: [{name: m, image: migrate:1}]}
            """);
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", manifests)).ExitCode);

        var sts = await f.Kubectl.RunAsync("rollout", "status", "statefulset/db", "--timeout=30s");
        var ds = await f.Kubectl.RunAsync("rollout", "status", "daemonset/agent", "--timeout=30s");
        var job = await f.Kubectl.RunAsync("wait", "--for=condition=complete", "job/migrate", "--timeout=30s");

        Assert.True(sts.ExitCode == 0, sts.All);
        Assert.Contains("roll out complete: 2 new pods have been updated", sts.Output);
        Assert.True(ds.ExitCode == 0, ds.All);
        Assert.Contains("daemon set \"agent\" successfully rolled out", ds.Output);
        Assert.True(job.ExitCode == 0, job.All);
    }

    [Fact]
    public async Task Scale_changes_the_replica_count_and_the_pods_follow()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("d.yaml", Manifests.Deployment("web", "nginx:1", replicas: 1, container: "app")));

        var scaled = await f.Kubectl.RunAsync("scale", "deployment/web", "--replicas=3");
        var rollout = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");

        Assert.True(scaled.ExitCode == 0, scaled.All);
        Assert.Equal(0, rollout.ExitCode);
        Assert.Equal(3, (long)f.C1.Get("deploy", "default", "web")!["spec"]!["replicas"]!);
        Assert.Equal(3, f.C1.List("pods", "default").Count);
    }

    static string ResourceVersion(System.Text.Json.Nodes.JsonObject obj) => (string)obj["metadata"]!["resourceVersion"]!;
}
