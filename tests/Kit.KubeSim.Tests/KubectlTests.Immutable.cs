using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>The real kubectl meets the update validation a real API server applies.</summary>
public sealed partial class KubectlTests
{
    [Fact]
    public async Task Server_side_apply_of_a_job_with_a_new_image_is_refused_and_an_unchanged_one_passes()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = f.Write("v1.yaml", Manifests.Job("migrate", "migrate:1"));
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1)).ExitCode);

        var again = await f.Kubectl.RunAsync("apply", "--server-side", "-f", v1);
        var changed = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", Manifests.Job("migrate", "migrate:2")));

        Assert.True(again.ExitCode == 0, again.All);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("The Job \"migrate\" is invalid: spec.template: Invalid value: ", changed.Error);
        Assert.Contains(": field is immutable", changed.Error);
        Assert.Equal("migrate:1", (string?)f.C1.Get("jobs", "default", "migrate")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Client_side_apply_of_a_changed_deployment_selector_is_refused()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = Manifests.Deployment("web", "nginx:1", container: "app");
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "-f", f.Write("v1.yaml", v1))).ExitCode);

        var changed = await f.Kubectl.RunAsync("apply", "-f", f.Write("v2.yaml", v1.Replace("app: web", "app: web2")));

        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable", changed.Error);
        Assert.Equal("web", (string?)f.C1.Get("deployments", "default", "web")!["spec"]!["selector"]!["matchLabels"]!["app"]);
    }

    [Fact]
    public async Task An_immutable_config_map_keeps_its_data()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var v1 = Manifests.ConfigMap("settings", "1") + "\nimmutable: true\n";
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", v1))).ExitCode);

        var changed = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", Manifests.ConfigMap("settings", "2") + "\nimmutable: true\n"));
        var patched = await f.Kubectl.RunAsync("patch", "configmap", "settings", "--type=merge", "-p", "{\"immutable\":false}");

        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("ConfigMap \"settings\" is invalid: data: Forbidden: field is immutable when `immutable` is set", changed.Error);
        Assert.NotEqual(0, patched.ExitCode);
        Assert.Contains("immutable: Forbidden: field is immutable when `immutable` is set", patched.Error);
        Assert.Equal("1", (string?)f.C1.Get("configmaps", "default", "settings")!["data"]!["value"]);
    }

    [Fact]
    public async Task A_stateful_set_scales_but_may_not_change_its_service_name()
    {
        await using var f = await SimulatorFixture.StartAsync();
        const string manifest = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: postgres:16}]}
            """;
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", manifest))).ExitCode);

        var scaled = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", manifest.Replace("replicas: 1", "replicas: 2")));
        var renamed = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v3.yaml", manifest.Replace("serviceName: db", "serviceName: db2")));

        Assert.True(scaled.ExitCode == 0, scaled.All);
        Assert.NotEqual(0, renamed.ExitCode);
        Assert.Contains("The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden", renamed.Error);
    }

    [Fact]
    public async Task A_service_keeps_its_cluster_ip()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var service = Manifests.Service("web");
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", service))).ExitCode);
        var allocated = (string?)f.C1.Get("services", "default", "web")!["spec"]!["clusterIP"];

        var again = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", service));
        var patched = await f.Kubectl.RunAsync("patch", "service", "web", "-p", "{\"spec\":{\"clusterIP\":\"10.96.200.200\"}}");

        Assert.True(again.ExitCode == 0, again.All);
        Assert.NotEqual(0, patched.ExitCode);
        Assert.Contains("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.200.200\"]: may not change once set", patched.Error);
        Assert.Equal(allocated, (string?)f.C1.Get("services", "default", "web")!["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task A_bound_claim_grows_but_does_not_shrink()
    {
        await using var f = await SimulatorFixture.StartAsync();
        static string Claim(string size) => $$"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests: {storage: {{size}}}
            """;
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v1.yaml", Claim("1Gi")))).ExitCode);

        var grown = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v2.yaml", Claim("2Gi")));
        var shrunk = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write("v3.yaml", Claim("1Gi")));
        var phase = await f.Kubectl.RunAsync("get", "pvc", "data", "-o", "jsonpath={.status.phase}");

        Assert.True(grown.ExitCode == 0, grown.All);
        Assert.NotEqual(0, shrunk.ExitCode);
        Assert.Contains("PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity", shrunk.Error);
        Assert.Equal("Bound", phase.Output);
        Assert.Equal("2Gi", (string?)f.C1.Get("persistentvolumeclaims", "default", "data")!["spec"]!["resources"]!["requests"]!["storage"]);
    }

    [Fact]
    public async Task A_pod_may_change_its_image_but_not_the_rest_of_its_spec()
    {
        await using var f = await SimulatorFixture.StartAsync();
        static string Pod(string image, string pullPolicy) => $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: one}
            spec:
              containers:
              - name: app
                image: "{{image}}"
                imagePullPolicy: {{pullPolicy}}
            """;
        Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "-f", f.Write("v1.yaml", Pod("app:1", "IfNotPresent")))).ExitCode);

        var image = await f.Kubectl.RunAsync("apply", "-f", f.Write("v2.yaml", Pod("app:2", "IfNotPresent")));
        var policy = await f.Kubectl.RunAsync("apply", "-f", f.Write("v3.yaml", Pod("app:2", "Always")));

        Assert.True(image.ExitCode == 0, image.All);
        Assert.NotEqual(0, policy.ExitCode);
        Assert.Contains("Pod \"one\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)", policy.Error);
        Assert.Equal("app:2", (string?)f.C1.Get("pods", "default", "one")!["spec"]!["containers"]![0]!["image"]);
    }
}
