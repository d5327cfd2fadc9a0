using System.Text.Json.Nodes;
using Kit.KubeSim.Protobuf;

namespace Kit.KubeSim.Tests;

/// <summary>The protobuf decoder on the bytes kubectl really sends, and on bodies a real server refuses.</summary>
public sealed class ProtobufBodyTests
{
    static ResourceType Type(string kind) => BuiltInResources.Types.First(t => t.Kind == kind);

    static JsonObject Decode(string base64, string kind) => ProtobufBody.Decode(Convert.FromBase64String(base64), Type(kind));

    [Fact]
    public void ConfigMap_keeps_text_data_and_base64_binary_data()
    {
        var cm = Decode(KubectlProtobufBodies.ConfigMap, "ConfigMap");

        Assert.Equal("v1", (string?)cm["apiVersion"]);
        Assert.Equal("ConfigMap", (string?)cm["kind"]);
        Assert.Equal("settings", (string?)cm["metadata"]!["name"]);
        Assert.Equal("default", (string?)cm["metadata"]!["namespace"]);
        Assert.Equal("hello", (string?)cm["data"]!["greeting"]);
        Assert.Equal(Convert.ToBase64String([0, 1, 0xfe, 0xff, (byte)'b', (byte)'i', (byte)'n']), (string?)cm["binaryData"]!["blob"]);
        // A nil pointer (immutable) stays out; a zero Time is null, as Go's encoding/json writes it.
        Assert.False(cm.ContainsKey("immutable"));
        Assert.True(((JsonObject)cm["metadata"]!).TryGetPropertyValue("creationTimestamp", out var created) && created is null);
        Assert.False(((JsonObject)cm["metadata"]!).ContainsKey("generateName"));
    }

    [Fact]
    public void Secret_data_is_base64_and_an_empty_type_is_left_out()
    {
        var secret = Decode(KubectlProtobufBodies.Secret, "Secret");

        Assert.Equal("creds", (string?)secret["metadata"]!["name"]);
        Assert.Equal("s3cr3t!", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!)));
        Assert.False(secret.ContainsKey("type"));
    }

    [Fact]
    public void Service_port_names_a_target_port_by_string()
    {
        var svc = Decode(KubectlProtobufBodies.Service, "Service");

        var port = svc["spec"]!["ports"]![0]!;
        Assert.Equal("NodePort", (string?)svc["spec"]!["type"]);
        Assert.Equal("web", (string?)svc["spec"]!["selector"]!["app"]);
        Assert.Equal("80-http", (string?)port["name"]);
        Assert.Equal("TCP", (string?)port["protocol"]);
        Assert.Equal(80, (int)port["port"]!);
        Assert.Equal("http", (string?)port["targetPort"]);
        Assert.False(((JsonObject)port).ContainsKey("nodePort"));
    }

    [Fact]
    public void Deployment_has_replicas_selector_and_a_container_with_its_port()
    {
        var deploy = Decode(KubectlProtobufBodies.Deployment, "Deployment");

        var spec = deploy["spec"]!;
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("apps/v1", (string?)deploy["apiVersion"]);
        Assert.Equal("web", (string?)deploy["metadata"]!["labels"]!["app"]);
        Assert.Equal(3, (int)spec["replicas"]!);
        Assert.Equal("web", (string?)spec["selector"]!["matchLabels"]!["app"]);
        Assert.Equal("web", (string?)spec["template"]!["metadata"]!["labels"]!["app"]);
        Assert.Equal("nginx", (string?)container["name"]);
        Assert.Equal("nginx:1.27", (string?)container["image"]);
        Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Single(container["ports"]!.AsArray());
        // Go value structs are written even when empty, as kubectl's own JSON would carry them.
        Assert.Equal("{}", container["resources"]!.ToJsonString());
        Assert.Equal("{}", spec["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Job_from_a_cron_job_keeps_quantities_lists_probes_and_owner()
    {
        var job = Decode(KubectlProtobufBodies.Job, "Job");

        var owner = job["metadata"]!["ownerReferences"]![0]!;
        var spec = job["spec"]!;
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("manual", (string?)job["metadata"]!["name"]);
        Assert.Equal("manual", (string?)job["metadata"]!["annotations"]!["cronjob.kubernetes.io/instantiate"]);
        Assert.Equal("CronJob", (string?)owner["kind"]);
        Assert.Equal("nightly", (string?)owner["name"]);
        Assert.True((bool)owner["controller"]!);
        Assert.False(((JsonObject)owner).ContainsKey("blockOwnerDeletion"));
        Assert.Equal(2, (int)spec["backoffLimit"]!);
        Assert.Equal("OnFailure", (string?)spec["template"]!["spec"]!["restartPolicy"]);
        Assert.Equal(["sh", "-c", "echo hi"], container["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["A=1", "B=2"], container["env"]!.AsArray().Select(e => $"{e!["name"]}={e["value"]}"));
        Assert.Equal("500m", (string?)container["resources"]!["limits"]!["cpu"]);
        Assert.Equal("128Mi", (string?)container["resources"]!["limits"]!["memory"]);
        Assert.Equal("250m", (string?)container["resources"]!["requests"]!["cpu"]);
        Assert.Equal("64Mi", (string?)container["resources"]!["requests"]!["memory"]);
        Assert.Equal("http", (string?)container["ports"]![0]!["name"]);
        Assert.Equal(8080, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Equal("/ready", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("http", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal(5, (int)container["readinessProbe"]!["periodSeconds"]!);
    }

    [Fact]
    public void Cron_job_carries_its_schedule_and_job_template()
    {
        var cj = Decode(KubectlProtobufBodies.CronJob, "CronJob");

        Assert.Equal("*/5 * * * *", (string?)cj["spec"]!["schedule"]);
        Assert.Equal("cj3", (string?)cj["spec"]!["jobTemplate"]!["metadata"]!["name"]);
        Assert.Equal("busybox", (string?)cj["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.False(((JsonObject)cj["spec"]!).ContainsKey("suspend"));
    }

    [Fact]
    public void Pod_disruption_budget_keeps_a_percentage_as_a_string()
    {
        var pdb = Decode(KubectlProtobufBodies.PodDisruptionBudget, "PodDisruptionBudget");

        Assert.Equal("policy/v1", (string?)pdb["apiVersion"]);
        Assert.Equal("50%", (string?)pdb["spec"]!["minAvailable"]);
        Assert.Equal("web", (string?)pdb["spec"]!["selector"]!["matchLabels"]!["app"]);
    }

    [Theory]
    [InlineData("", "the object provided is unrecognized (must be of type ConfigMap): empty data (<empty>)")]
    [InlineData("{\"kind\":\"ConfigMap\"}", "the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({\"kind\":\"ConfigMap\"})")]
    [InlineData("k8s\0", "the object provided is unrecognized (must be of type ConfigMap): empty body (6b387300)")]
    public void A_body_that_is_not_an_envelope_is_a_400_worded_as_the_server_words_it(string body, string message)
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(System.Text.Encoding.UTF8.GetBytes(body), Type("ConfigMap")));

        Assert.Equal(400, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_truncated_or_unknown_kind_body_is_a_400()
    {
        var bytes = Convert.FromBase64String(KubectlProtobufBodies.ConfigMap);
        var truncated = Assert.Throws<ApiException>(() => ProtobufBody.Decode(bytes[..^10], Type("ConfigMap")));
        var secretAsConfigMap = ProtobufBody.Decode(Convert.FromBase64String(KubectlProtobufBodies.Secret), Type("ConfigMap"));
        var pdbIntoPolicyUnknown = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Convert.FromBase64String(KubectlProtobufBodies.PodDisruptionBudget).Select(b => b == (byte)'P' ? (byte)'Q' : b).ToArray(), Type("PodDisruptionBudget")));

        Assert.Equal(400, truncated.Code);
        Assert.StartsWith("the object provided is unrecognized (must be of type ConfigMap): ", truncated.Message);
        // The envelope's own kind wins: the create path then refuses the mismatch as it does for JSON.
        Assert.Equal("Secret", (string?)secretAsConfigMap["kind"]);
        Assert.Equal(400, pdbIntoPolicyUnknown.Code);
        Assert.Equal("QodDisruptionBudget in version \"v1\" cannot be handled as a PodDisruptionBudget: no kind \"QodDisruptionBudget\" is registered for version \"policy/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"", pdbIntoPolicyUnknown.Message);
    }
}
