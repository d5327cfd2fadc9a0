using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Tests;

/// <summary>Update validation per kind, as kube-apiserver's: refused changes answer 422 with its wording and store nothing, a dry-run alike.</summary>
public sealed class ImmutableFieldTests
{
    const string Ns = "api/v1/namespaces/default/";
    const string Apps = "apis/apps/v1/namespaces/default/";

    static string Job(string image, string? selector = null) => $$$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          {{{(selector is null ? "" : "manualSelector: true")}}}
          {{{(selector is null ? "" : "selector: {matchLabels: {run: " + selector + "}}")}}}
          template:
            metadata: {labels: {run: {{{selector ?? "m"}}}}}
            spec: {restartPolicy: Never, containers: [{name: m, image: "{{{image}}}"}]}
        """;

    static string Workload(string kind, string app, string image = "web:1") => $$$"""
        apiVersion: apps/v1
        kind: {{{kind}}}
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: {{{app}}}}}
          template:
            metadata: {labels: {app: {{{app}}}}}
            spec: {containers: [{name: app, image: "{{{image}}}"}]}
        """;

    static string StatefulSet(string serviceName, int replicas) => $$$"""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: {{{serviceName}}}
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: "db:1"}]}
        """;

    static string Service(string clusterIp) => $$$"""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {clusterIP: "{{{clusterIp}}}", ports: [{port: 80}]}
        """;

    static string Claim(string size, string mode = "ReadWriteOnce") => $$$"""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [{{{mode}}}]
          resources: {requests: {storage: "{{{size}}}"} }
        """;

    static string ConfigMap(string value, bool immutable = true) => $$$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        immutable: {{{(immutable ? "true" : "false")}}}
        data: {value: "{{{value}}}"}
        """;

    static string Secret(string value) => $$$"""
        apiVersion: v1
        kind: Secret
        metadata: {name: token}
        immutable: true
        stringData: {value: "{{{value}}}"}
        """;

    static string Pod(string image, string restartPolicy = "Always", string tolerations = "[{key: a, operator: Exists}]") => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: one}
        spec: {restartPolicy: {{{restartPolicy}}}, tolerations: {{{tolerations}}}, containers: [{name: app, image: "{{{image}}}"}]}
        """;

    public static TheoryData<string, string, string, string, string> Refused => new()
    {
        { "job template", "apis/batch/v1/namespaces/default/jobs/migrate", Job("m:1"), Job("m:2"), "Job.batch \"migrate\" is invalid: spec.template: Invalid value: " },
        { "job selector", "apis/batch/v1/namespaces/default/jobs/migrate", Job("m:1", "a"), Job("m:1", "b"), "Job.batch \"migrate\" is invalid: [spec.selector: Invalid value: {\"matchLabels\":{\"run\":\"b\"}}: field is immutable, spec.template: Invalid value: " },
        { "deployment selector", Apps + "deployments/web", Workload("Deployment", "web"), Workload("Deployment", "web2"), "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable" },
        { "replica set selector", Apps + "replicasets/web", Workload("ReplicaSet", "web"), Workload("ReplicaSet", "web2"), "ReplicaSet.apps \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable" },
        { "daemon set selector", Apps + "daemonsets/web", Workload("DaemonSet", "web"), Workload("DaemonSet", "web2"), "DaemonSet.apps \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable" },
        { "stateful set service name", Apps + "statefulsets/db", StatefulSet("db", 1), StatefulSet("db2", 1), "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" },
        { "service cluster ip", Ns + "services/web", Service("10.96.100.10"), Service("10.96.100.11"), "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.100.11\"]: may not change once set" },
        { "claim access modes", Ns + "persistentvolumeclaims/data", Claim("1Gi"), Claim("1Gi", "ReadWriteMany"), "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims" },
        { "claim shrink", Ns + "persistentvolumeclaims/data", Claim("1Gi"), Claim("512Mi"), "PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity" },
        { "immutable config map data", Ns + "configmaps/settings", ConfigMap("1"), ConfigMap("2"), "ConfigMap \"settings\" is invalid: data: Forbidden: field is immutable when `immutable` is set" },
        { "immutable config map flag", Ns + "configmaps/settings", ConfigMap("1"), ConfigMap("1", immutable: false), "ConfigMap \"settings\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set" },
        { "immutable secret string data", Ns + "secrets/token", Secret("1"), Secret("2"), "Secret \"token\" is invalid: data: Forbidden: field is immutable when `immutable` is set" },
        { "pod restart policy", Ns + "pods/one", Pod("app:1"), Pod("app:1", restartPolicy: "Never"), "Pod \"one\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`," },
        { "pod toleration removed", Ns + "pods/one", Pod("app:1"), Pod("app:1", tolerations: "[]"), "Pod \"one\" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds" },
    };

    public static TheoryData<string, string, string, string> Allowed => new()
    {
        { "job applied again", "apis/batch/v1/namespaces/default/jobs/migrate", Job("m:1"), Job("m:1") },
        { "stateful set replicas", Apps + "statefulsets/db", StatefulSet("db", 1), StatefulSet("db", 3) },
        { "claim grows", Ns + "persistentvolumeclaims/data", Claim("1Gi"), Claim("2Gi") },
        { "mutable config map data", Ns + "configmaps/settings", ConfigMap("1", immutable: false), ConfigMap("2", immutable: false) },
        { "mutable config map locked", Ns + "configmaps/settings", ConfigMap("1", immutable: false), ConfigMap("1") },
        { "pod image", Ns + "pods/one", Pod("app:1"), Pod("app:2") },
        { "pod toleration added", Ns + "pods/one", Pod("app:1"), Pod("app:1", tolerations: "[{key: a, operator: Exists}, {key: b, operator: Exists}]") },
        { "service without its cluster ip", Ns + "services/web", Service("10.96.100.10"), Service("10.96.100.10").Replace("clusterIP: \"10.96.100.10\", ", "") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_change_the_server_refuses_is_a_422_and_stores_nothing(string change, string path, string created, string changed, string message)
    {
        foreach (var dryRun in new[] { true, false })
        {
            await using var f = await SimulatorFixture.StartAsync();
            using var http = f.C1.CreateHttpClient();
            Assert.Equal(HttpStatusCode.Created, (await StrictnessTests.ApplyAsync(http, path, created, dryRun: false)).Code);
            var before = Content(await GetAsync(http, path));

            var (code, status) = await StrictnessTests.ApplyAsync(http, path, changed, dryRun);

            Assert.True(code == HttpStatusCode.UnprocessableEntity, $"{change} (dryRun={dryRun}): {code} {status.ToJsonString()}");
            Assert.Equal("Invalid", (string?)status["reason"]);
            Assert.StartsWith(message, (string?)status["message"]);
            Assert.Equal(before, Content(await GetAsync(http, path)));
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task A_change_the_server_allows_is_stored_unless_it_is_a_dry_run(string change, string path, string created, string changed)
    {
        foreach (var dryRun in new[] { true, false })
        {
            await using var f = await SimulatorFixture.StartAsync();
            using var http = f.C1.CreateHttpClient();
            Assert.Equal(HttpStatusCode.Created, (await StrictnessTests.ApplyAsync(http, path, created, dryRun: false)).Code);
            var before = Content(await GetAsync(http, path));

            var (code, answer) = await StrictnessTests.ApplyAsync(http, path, changed, dryRun);

            Assert.True(code == HttpStatusCode.OK, $"{change} (dryRun={dryRun}): {code} {answer.ToJsonString()}");
            Assert.Equal(dryRun ? before : Content(answer), Content(await GetAsync(http, path)));
        }
    }

    [Theory]
    [InlineData("PUT", "application/json")]
    [InlineData("PATCH", "application/merge-patch+json")]
    [InlineData("PATCH", "application/strategic-merge-patch+json")]
    [InlineData("PATCH", "application/json-patch+json")]
    public async Task Every_write_verb_is_judged_by_the_same_rules(string method, string contentType)
    {
        const string path = "apis/batch/v1/namespaces/default/jobs/migrate";
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        await StrictnessTests.ApplyAsync(http, path, Job("m:1"), dryRun: false);
        var live = await GetAsync(http, path);
        var body = contentType switch
        {
            "application/json" => ReplaceImage(live).ToJsonString(),
            "application/json-patch+json" => """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"m:2"}]""",
            _ => """{"spec":{"template":{"spec":{"containers":[{"name":"m","image":"m:2"}]}}}}""",
        };

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.SendAsync(request);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value: ", (string?)status["message"]);
        Assert.EndsWith(": field is immutable", (string?)status["message"]);
    }

    [Fact]
    public async Task A_job_gets_a_selector_on_its_uid_and_labels_its_template_as_the_server_does()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (_, job) = await StrictnessTests.ApplyAsync(http, "apis/batch/v1/namespaces/default/jobs/migrate", Job("m:1"), dryRun: false);

        var uid = (string?)job["metadata"]!["uid"];
        Assert.Equal(uid, (string?)job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]);
        var labels = job["spec"]!["template"]!["metadata"]!["labels"]!;
        Assert.Equal(uid, (string?)labels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal(uid, (string?)labels["controller-uid"]);
        Assert.Equal("migrate", (string?)labels["batch.kubernetes.io/job-name"]);
        Assert.Equal("migrate", (string?)labels["job-name"]);
    }

    static JsonObject ReplaceImage(JsonObject live)
    {
        var copy = live.DeepClone().AsObject();
        copy["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "m:2";
        return copy;
    }

    /// <summary>The object without what the server and its controllers write on their own (metadata, status).</summary>
    static string Content(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy.ToJsonString();
    }

    static async Task<JsonObject> GetAsync(HttpClient http, string path) =>
        JsonNode.Parse(await http.GetStringAsync(path))!.AsObject();
}
