using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Tests;

/// <summary>kubectl's imperative commands: `kubectl create …` sends protobuf bodies; each object read back with `kubectl get -o json`.</summary>
public sealed partial class KubectlTests
{
    /// <summary>Runs the create command, then reads the object back through kubectl as JSON.</summary>
    static async Task<JsonObject> CreateThenGetAsync(SimulatorFixture f, string[] create, params string[] get)
    {
        var created = await f.Kubectl.RunAsync(["create", .. create]);
        Assert.True(created.ExitCode == 0, created.All);
        var read = await f.Kubectl.RunAsync(["get", .. get, "-o", "json"]);
        Assert.True(read.ExitCode == 0, read.All);
        return JsonNode.Parse(read.Output)!.AsObject();
    }

    static string Decoded(JsonNode? base64) => Encoding.UTF8.GetString(Convert.FromBase64String((string)base64!));

    [Fact]
    public async Task Create_namespace_stores_it_active_under_the_kubectl_create_manager()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var ns = await CreateThenGetAsync(f, ["namespace", "imperative"], "namespace", "imperative", "--show-managed-fields");

        Assert.Equal("Namespace", (string?)ns["kind"]);
        Assert.Equal("imperative", (string?)ns["metadata"]!["name"]);
        Assert.Equal("Active", (string?)ns["status"]!["phase"]);
        Assert.NotNull((string?)ns["metadata"]!["uid"]);
        Assert.NotNull((string?)ns["metadata"]!["creationTimestamp"]);
        var manager = ns["metadata"]!["managedFields"]![0]!;
        Assert.Equal("kubectl-create", (string?)manager["manager"]);
        Assert.Equal("Update", (string?)manager["operation"]);
    }

    [Fact]
    public async Task Create_configmap_from_literals_and_a_binary_file_reads_back_data_and_binary_data()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var blob = f.Path("blob.bin");
        File.WriteAllBytes(blob, [0, 1, 0xfe, 0xff]);

        var cm = await CreateThenGetAsync(f, ["configmap", "settings", "--from-literal=greeting=hello", "--from-literal=count=3", $"--from-file=blob={blob}"], "configmap", "settings");

        Assert.Equal("default", (string?)cm["metadata"]!["namespace"]);
        Assert.Equal("hello", (string?)cm["data"]!["greeting"]);
        Assert.Equal("3", (string?)cm["data"]!["count"]);
        Assert.Equal(2, cm["data"]!.AsObject().Count);
        Assert.Equal(Convert.ToBase64String([0, 1, 0xfe, 0xff]), (string?)cm["binaryData"]!["blob"]);
        Assert.False(cm.ContainsKey("immutable"));
    }

    [Fact]
    public async Task Create_secret_generic_stores_base64_data_of_type_opaque()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var secret = await CreateThenGetAsync(f, ["secret", "generic", "creds", "--from-literal=password=s3cr3t!", "--from-literal=user=admin"], "secret", "creds");

        Assert.Equal("Opaque", (string?)secret["type"]);
        Assert.Equal("s3cr3t!", Decoded(secret["data"]!["password"]));
        Assert.Equal("admin", Decoded(secret["data"]!["user"]));
    }

    [Fact]
    public async Task Create_secret_docker_registry_stores_a_docker_config()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var secret = await CreateThenGetAsync(f, ["secret", "docker-registry", "pull", "--docker-server=registry.example", "--docker-username=robot", "--docker-password=pw"], "secret", "pull");

        var auth = JsonNode.Parse(Decoded(secret["data"]![".dockerconfigjson"]))!["auths"]!["registry.example"]!;
        Assert.Equal("kubernetes.io/dockerconfigjson", (string?)secret["type"]);
        Assert.Equal("robot", (string?)auth["username"]);
        Assert.Equal("pw", (string?)auth["password"]);
        Assert.Equal("robot:pw", Decoded(auth["auth"]));
    }

    [Fact]
    public async Task Create_secret_tls_stores_the_certificate_and_key()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest("CN=web.example", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPem = f.Write("tls.crt", cert.ExportCertificatePem());
        var keyPem = f.Write("tls.key", key.ExportPkcs8PrivateKeyPem());

        var secret = await CreateThenGetAsync(f, ["secret", "tls", "web-tls", $"--cert={certPem}", $"--key={keyPem}"], "secret", "web-tls");

        Assert.Equal("kubernetes.io/tls", (string?)secret["type"]);
        Assert.Equal(File.ReadAllText(certPem), Decoded(secret["data"]!["tls.crt"]));
        Assert.Equal(File.ReadAllText(keyPem), Decoded(secret["data"]!["tls.key"]));
    }

    [Fact]
    public async Task Create_serviceaccount_is_stored()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var sa = await CreateThenGetAsync(f, ["serviceaccount", "builder"], "serviceaccount", "builder");

        Assert.Equal("ServiceAccount", (string?)sa["kind"]);
        Assert.Equal("builder", (string?)sa["metadata"]!["name"]);
        Assert.Equal("default", (string?)sa["metadata"]!["namespace"]);
    }

    [Fact]
    public async Task Create_deployment_with_image_and_replicas_is_defaulted_and_rolls_out()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var created = await f.Kubectl.RunAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=8080");
        var status = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var deploy = JsonNode.Parse((await f.Kubectl.RunAsync("get", "deployment", "web", "-o", "json")).Output)!;

        Assert.True(created.ExitCode == 0, created.All);
        Assert.True(status.ExitCode == 0, status.All);
        var spec = deploy["spec"]!;
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("web", (string?)deploy["metadata"]!["labels"]!["app"]);
        Assert.Equal(2, (int)spec["replicas"]!);
        Assert.Equal("web", (string?)spec["selector"]!["matchLabels"]!["app"]);
        Assert.Equal("web", (string?)spec["template"]!["metadata"]!["labels"]!["app"]);
        Assert.Equal("nginx", (string?)container["name"]);
        Assert.Equal("nginx:1.27", (string?)container["image"]);
        Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Equal("TCP", (string?)container["ports"]![0]!["protocol"]);
        // kubectl sends an empty strategy; the server fills it in as it does an absent one.
        Assert.Equal("RollingUpdate", (string?)spec["strategy"]!["type"]);
        Assert.Equal("25%", (string?)spec["strategy"]!["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(2, (int)deploy["status"]!["readyReplicas"]!);
    }

    [Fact]
    public async Task Create_job_with_a_command_is_stored_with_its_pod_template()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var job = await CreateThenGetAsync(f, ["job", "once", "--image=busybox:1.36", "--", "echo", "hi"], "job", "once");

        var pod = job["spec"]!["template"]!["spec"]!;
        Assert.Equal("Never", (string?)pod["restartPolicy"]);
        Assert.Equal("once", (string?)pod["containers"]![0]!["name"]);
        Assert.Equal("busybox:1.36", (string?)pod["containers"]![0]!["image"]);
        Assert.Equal(["echo", "hi"], pod["containers"]![0]!["command"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(1, (int)job["spec"]!["completions"]!);
    }

    [Fact]
    public async Task Create_job_from_a_cron_job_keeps_quantities_probes_volumes_and_the_owner()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var cronJob = f.Write("cj.json", """
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},
             "spec":{"schedule":"0 3 * * *","jobTemplate":{"spec":{"backoffLimit":2,"template":{"spec":{"restartPolicy":"OnFailure",
               "volumes":[{"name":"config","configMap":{"name":"settings","defaultMode":420}}],
               "containers":[{"name":"run","image":"busybox:1.36","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                 "ports":[{"name":"http","containerPort":8080}],
                 "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}},
                 "readinessProbe":{"httpGet":{"path":"/ready","port":"http"},"periodSeconds":5}}]}}}}}}
            """);
        var applied = await f.Kubectl.RunAsync("apply", "--server-side", "-f", cronJob);
        Assert.True(applied.ExitCode == 0, applied.All);

        var job = await CreateThenGetAsync(f, ["job", "manual", "--from=cronjob/nightly"], "job", "manual");

        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nightly", (string?)job["metadata"]!["ownerReferences"]![0]!["name"]);
        Assert.True((bool)job["metadata"]!["ownerReferences"]![0]!["controller"]!);
        Assert.Equal(2, (int)job["spec"]!["backoffLimit"]!);
        Assert.Equal(["A=1", "B=2"], container["env"]!.AsArray().Select(e => $"{e!["name"]}={e["value"]}"));
        Assert.Equal("500m", (string?)container["resources"]!["limits"]!["cpu"]);
        Assert.Equal("128Mi", (string?)container["resources"]!["limits"]!["memory"]);
        Assert.Equal("250m", (string?)container["resources"]!["requests"]!["cpu"]);
        Assert.Equal("http", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
        // Embedded Go structs (Volume's VolumeSource, the source's LocalObjectReference) are inlined in JSON.
        var volume = job["spec"]!["template"]!["spec"]!["volumes"]![0]!;
        Assert.Equal("config", (string?)volume["name"]);
        Assert.Equal("settings", (string?)volume["configMap"]!["name"]);
        Assert.Equal(420, (int)volume["configMap"]!["defaultMode"]!);
        Assert.Equal(["configMap", "name"], volume.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Create_cronjob_with_a_schedule_is_stored()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var cj = await CreateThenGetAsync(f, ["cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *"], "cronjob", "tick");

        var pod = cj["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!;
        Assert.Equal("*/5 * * * *", (string?)cj["spec"]!["schedule"]);
        Assert.Equal("tick", (string?)cj["spec"]!["jobTemplate"]!["metadata"]!["name"]);
        Assert.Equal("OnFailure", (string?)pod["restartPolicy"]);
        Assert.Equal("busybox:1.36", (string?)pod["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task Create_service_clusterip_with_tcp_ports_gets_an_ip_and_numeric_target_ports()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var svc = await CreateThenGetAsync(f, ["service", "clusterip", "web", "--tcp=80:8080", "--tcp=443:https"], "service", "web");

        var spec = svc["spec"]!;
        var ports = spec["ports"]!.AsArray();
        Assert.Equal("ClusterIP", (string?)spec["type"]);
        Assert.Equal("web", (string?)spec["selector"]!["app"]);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", (string?)spec["clusterIP"]);
        Assert.Equal(2, ports.Count);
        Assert.Equal("80-8080", (string?)ports[0]!["name"]);
        Assert.Equal(80, (int)ports[0]!["port"]!);
        Assert.Equal(8080, (int)ports[0]!["targetPort"]!);
        Assert.Equal("TCP", (string?)ports[0]!["protocol"]);
        Assert.Equal(443, (int)ports[1]!["port"]!);
        Assert.Equal("https", (string?)ports[1]!["targetPort"]);
    }

    [Fact]
    public async Task Create_role_with_verbs_and_resources_stores_one_rule()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var role = await CreateThenGetAsync(f, ["role", "reader", "--verb=get,list", "--resource=pods,deployments.apps"], "role", "reader");

        var rules = role["rules"]!.AsArray();
        Assert.Equal(2, rules.Count);
        Assert.Equal([""], rules[0]!["apiGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal(["pods"], rules[0]!["resources"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["get", "list"], rules[0]!["verbs"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["apps"], rules[1]!["apiGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal(["deployments"], rules[1]!["resources"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Create_rolebinding_to_a_role_for_a_user_stores_the_ref_and_subject()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var binding = await CreateThenGetAsync(f, ["rolebinding", "readers", "--role=reader", "--user=alice", "--serviceaccount=default:builder"], "rolebinding", "readers");

        var subjects = binding["subjects"]!.AsArray();
        Assert.Equal("Role", (string?)binding["roleRef"]!["kind"]);
        Assert.Equal("reader", (string?)binding["roleRef"]!["name"]);
        Assert.Equal("rbac.authorization.k8s.io", (string?)binding["roleRef"]!["apiGroup"]);
        Assert.Equal(2, subjects.Count);
        Assert.Equal("User", (string?)subjects[0]!["kind"]);
        Assert.Equal("alice", (string?)subjects[0]!["name"]);
        Assert.Equal("rbac.authorization.k8s.io", (string?)subjects[0]!["apiGroup"]);
        Assert.Equal("ServiceAccount", (string?)subjects[1]!["kind"]);
        Assert.Equal("builder", (string?)subjects[1]!["name"]);
        Assert.Equal("default", (string?)subjects[1]!["namespace"]);
    }

    [Fact]
    public async Task Create_clusterrole_and_clusterrolebinding_are_stored_cluster_wide()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var role = await CreateThenGetAsync(f, ["clusterrole", "watcher", "--verb=watch", "--resource=namespaces"], "clusterrole", "watcher");
        var binding = await CreateThenGetAsync(f, ["clusterrolebinding", "watchers", "--clusterrole=watcher", "--group=ops"], "clusterrolebinding", "watchers");

        Assert.False(((JsonObject)role["metadata"]!).ContainsKey("namespace"));
        Assert.Equal(["watch"], role["rules"]![0]!["verbs"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["namespaces"], role["rules"]![0]!["resources"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("ClusterRole", (string?)binding["roleRef"]!["kind"]);
        Assert.Equal("Group", (string?)binding["subjects"]![0]!["kind"]);
        Assert.Equal("ops", (string?)binding["subjects"]![0]!["name"]);
    }

    [Fact]
    public async Task Create_ingress_and_poddisruptionbudget_keep_rules_and_int_or_string_values()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var ing = await CreateThenGetAsync(f, ["ingress", "web", "--rule=web.example/=web:80"], "ingress", "web");
        var pdb = await CreateThenGetAsync(f, ["poddisruptionbudget", "budget", "--selector=app=web", "--min-available=50%"], "pdb", "budget");

        var path = ing["spec"]!["rules"]![0]!["http"]!["paths"]![0]!;
        Assert.Equal("web.example", (string?)ing["spec"]!["rules"]![0]!["host"]);
        Assert.Equal("/", (string?)path["path"]);
        Assert.Equal("Exact", (string?)path["pathType"]);
        Assert.Equal("web", (string?)path["backend"]!["service"]!["name"]);
        Assert.Equal(80, (int)path["backend"]!["service"]!["port"]!["number"]!);
        Assert.Equal("50%", (string?)pdb["spec"]!["minAvailable"]);
        Assert.Equal("web", (string?)pdb["spec"]!["selector"]!["matchLabels"]!["app"]);
    }

    [Fact]
    public async Task Create_with_server_dry_run_answers_the_object_and_stores_nothing()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var cm = await f.Kubectl.RunAsync("create", "configmap", "trial", "--from-literal=a=1", "--dry-run=server", "-o", "json");
        var deploy = await f.Kubectl.RunAsync("create", "deployment", "trial", "--image=nginx:1.27", "--dry-run=server", "-o", "json");

        Assert.True(cm.ExitCode == 0, cm.All);
        Assert.True(deploy.ExitCode == 0, deploy.All);
        Assert.Equal("1", (string?)JsonNode.Parse(cm.Output)!["data"]!["a"]);
        Assert.Equal("RollingUpdate", (string?)JsonNode.Parse(deploy.Output)!["spec"]!["strategy"]!["type"]);
        Assert.Null(f.C1.Get("configmaps", "default", "trial"));
        Assert.Null(f.C1.Get("deployments", "default", "trial"));
        Assert.Empty(f.C1.List("replicasets", "default"));
    }
}
