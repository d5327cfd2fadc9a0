using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>The API over plain HTTP: status codes and Status bodies as kube-apiserver answers them.</summary>
public sealed class HttpApiTests
{
    const string ConfigMaps = "api/v1/namespaces/default/configmaps";

    static async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    static Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(HttpClient http, string path, string manifest, string manager, bool force = false, bool dryRun = false) =>
        SendAsync(http, HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : "")}{(dryRun ? "&dryRun=All" : "")}", manifest, "application/apply-patch+yaml");

    /// <summary>Applies ConfigMap <c>settings</c> with one value as one manager, then another as another; the second answer.</summary>
    static async Task<(HttpStatusCode Code, JsonObject Body)> ApplySettingsTwiceAsync(HttpClient http, (string Value, string Manager) first, (string Value, string Manager) second)
    {
        await ApplyAsync(http, ConfigMaps + "/settings", Manifests.ConfigMap("settings", first.Value), first.Manager);
        return await ApplyAsync(http, ConfigMaps + "/settings", Manifests.ConfigMap("settings", second.Value), second.Manager);
    }

    [Fact]
    public async Task Apply_conflict_is_a_409_status_naming_the_manager_and_the_field()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var (code, status) = await ApplySettingsTwiceAsync(http, ("1", "deployer"), ("2", "someone-else"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"deployer\": .data.value", (string?)status["message"]);
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("FieldManagerConflict", (string?)cause["reason"]);
        Assert.Equal(".data.value", (string?)cause["field"]);
        Assert.Equal("1", (string?)f.C1.Get("cm", "default", "settings")!["data"]!["value"]);
    }

    [Fact]
    public async Task Without_a_field_manager_an_update_is_recorded_under_the_user_agent_up_to_its_first_slash()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "deploy tool/2.0 (linux)");

        await SendAsync(http, HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s"},"data":{"a":"1"}}""");
        var (_, patched) = await SendAsync(http, HttpMethod.Patch, ConfigMaps + "/s", """{"data":{"b":"2"}}""", "application/merge-patch+json");

        var entry = patched["metadata"]!["managedFields"]!.AsArray().Single()!;
        Assert.Equal(("deploy tool", "Update", "v1"), ((string?)entry["manager"], (string?)entry["operation"], (string?)entry["apiVersion"]));
        Assert.Equal("""{"f:data":{".":{},"f:a":{},"f:b":{}}}""", entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task An_apply_to_the_status_subresource_changes_and_owns_status_only()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        const string Path = "apis/apps/v1/namespaces/default/deployments/web";
        await ApplyAsync(http, Path, Manifests.Deployment("web", "nginx:1", replicas: 2), "kit");

        var (code, body) = await ApplyAsync(http, Path + "/status", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":9},"status":{"collisionCount":3}}""", "ctrl");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, (int)body["spec"]!["replicas"]!);
        Assert.Equal(3, (int)body["status"]!["collisionCount"]!);
        var entry = body["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "ctrl")!;
        Assert.Equal(("Apply", "status"), ((string?)entry["operation"], (string?)entry["subresource"]));
        Assert.Equal("""{"f:status":{"f:collisionCount":{}}}""", entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Applying_the_same_value_as_another_manager_shares_the_field_without_conflict()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var (code, body) = await ApplySettingsTwiceAsync(http, ("1", "a"), ("1", "b"));

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(["a", "b"], body["metadata"]!["managedFields"]!.AsArray().Select(m => (string)m!["manager"]!));
    }

    [Fact]
    public async Task Fields_a_manager_stops_applying_are_removed_unless_another_manager_owns_them()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        const string Both = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","labels":{"keep":"1","drop":"1"}},"data":{"a":"1","b":"2"}}""";
        const string Fewer = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","labels":{"keep":"1"}},"data":{"a":"1"}}""";
        await ApplyAsync(http, ConfigMaps + "/s", Both, "kit");
        await ApplyAsync(http, ConfigMaps + "/s", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s"},"data":{"b":"2"}}""", "other");

        var (_, result) = await ApplyAsync(http, ConfigMaps + "/s", Fewer, "kit");

        Assert.Equal("""{"keep":"1"}""", result["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"a":"1","b":"2"}""", result["data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_name_that_is_not_dns_1123_is_a_422()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await SendAsync(http, HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", (string?)status["message"]);
        Assert.Null(f.C1.Get("cm", "default", "Bad_Name"));
    }

    [Fact]
    public async Task A_deployment_whose_selector_does_not_match_its_template_is_a_422()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var manifest = Manifests.Deployment("web", "nginx:1", replicas: 2, container: "app").Replace("metadata: {labels: {app: web}}", "metadata: {labels: {app: other}}");

        var (code, status) = await ApplyAsync(http, "apis/apps/v1/namespaces/default/deployments/web", manifest, "kit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("`selector` does not match template `labels`", (string?)status["message"]);
    }

    [Fact]
    public async Task An_object_in_a_missing_namespace_is_a_404()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await ApplyAsync(http, "api/v1/namespaces/nowhere/configmaps/s", Manifests.ConfigMap("s", "1", ns: "nowhere"), "kit");
        var (getCode, getStatus) = await SendAsync(http, HttpMethod.Get, ConfigMaps + "/absent");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("namespaces \"nowhere\" not found", (string?)status["message"]);
        Assert.Equal(HttpStatusCode.NotFound, getCode);
        Assert.Equal("configmaps \"absent\" not found", (string?)getStatus["message"]);
        Assert.Equal(404, (int)getStatus["code"]!);
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_and_changes_nothing()
    {
        await using var f = await SimulatorFixture.StartAsync(clusters: 2);
        using var http = f.C1.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", f.Sim.Cluster("c2").Token);

        var (code, status) = await ApplyAsync(http, ConfigMaps + "/s", Manifests.ConfigMap("s", "1"), "kit");

        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Equal("Unauthorized", (string?)status["reason"]);
        Assert.Null(f.C1.Get("cm", "default", "s"));
    }

    [Fact]
    public async Task Dry_run_answers_the_result_but_stores_nothing()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        await ApplyAsync(http, ConfigMaps + "/s", Manifests.ConfigMap("s", "1"), "kit");
        var before = f.C1.Get("cm", "default", "s")!.ToJsonString();

        var (applyCode, applied) = await ApplyAsync(http, ConfigMaps + "/s", Manifests.ConfigMap("s", "2"), "kit", dryRun: true);
        var (createCode, _) = await SendAsync(http, HttpMethod.Post, ConfigMaps + "?dryRun=All", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"t"}}""");
        var (deleteCode, _) = await SendAsync(http, HttpMethod.Delete, ConfigMaps + "/s?dryRun=All");

        Assert.Equal(HttpStatusCode.OK, applyCode);
        Assert.Equal("2", (string?)applied["data"]!["value"]);
        Assert.Equal(HttpStatusCode.Created, createCode);
        Assert.Equal(HttpStatusCode.OK, deleteCode);
        Assert.Equal(before, f.C1.Get("cm", "default", "s")!.ToJsonString());
        Assert.Null(f.C1.Get("cm", "default", "t"));
    }

    /// <summary>A selector, and the ConfigMaps it lists of a (tier=web), b (tier=db, env=prod) and c (no tier).</summary>
    public static TheoryData<string, string> Selectors { get; } = new()
    {
        { "tier=web", "a" }, { "tier!=web", "b,c" }, { "tier in (web,db)", "a,b" }, { "tier notin (web)", "b,c" },
        { "tier", "a,b" }, { "!tier", "c" }, { "tier=db,env=prod", "b" },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public async Task List_filters_by_label_selector(string selector, string expected)
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"tier":"web"}}}""");
        f.C1.Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","labels":{"tier":"db","env":"prod"}}}""");
        f.C1.Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");
        using var http = f.C1.CreateHttpClient();

        var (code, list) = await SendAsync(http, HttpMethod.Get, $"{ConfigMaps}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("ConfigMapList", (string?)list["kind"]);
        Assert.Equal(expected, string.Join(',', list["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)));
    }

    [Fact]
    public async Task Merge_and_strategic_merge_patches_update_the_object()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply(Manifests.Deployment("web", "nginx:1", replicas: 2, container: "app"));
        using var http = f.C1.CreateHttpClient();
        const string Path = "apis/apps/v1/namespaces/default/deployments/web";

        var (mergeCode, merged) = await SendAsync(http, HttpMethod.Patch, Path, """{"metadata":{"labels":{"team":"a"}}}""", "application/merge-patch+json");
        var (smpCode, strategic) = await SendAsync(http, HttpMethod.Patch, Path, """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"}]}}}}""", "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, mergeCode);
        Assert.Equal("a", (string?)merged["metadata"]!["labels"]!["team"]);
        Assert.Equal("web", (string?)merged["metadata"]!["labels"]!["app"]);
        Assert.Equal(HttpStatusCode.OK, smpCode);
        Assert.Equal(["app", "sidecar"], strategic["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(2, (long)strategic["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_it_holds()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}""");
        f.C1.Apply(Manifests.ConfigMap("s", "1", ns: "team"));
        using var http = f.C1.CreateHttpClient();

        var (code, _) = await SendAsync(http, HttpMethod.Delete, "api/v1/namespaces/team");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(f.C1.Get("namespaces", null, "team"));
        Assert.Empty(f.C1.List("configmaps", "team"));
    }

    [Fact]
    public async Task The_request_log_records_applies_with_labels_and_annotations()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        const string Manifest = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","labels":{"app":"web"},"annotations":{"kit.io/commit":"abc123"}},"data":{"v":"1"}}""";

        await ApplyAsync(http, ConfigMaps + "/s", Manifest, "kit");
        await SendAsync(http, HttpMethod.Get, ConfigMaps + "/s");

        var entries = f.C1.RequestLog.Where(e => e.Resource == "configmaps").ToList();
        Assert.Equal(["apply", "get"], entries.Select(e => e.Verb));
        var apply = entries[0];
        Assert.Equal("PATCH", apply.Method);
        Assert.Equal(200, entries[1].StatusCode);
        Assert.Equal(("default", "s", "kit"), (apply.Namespace, apply.Name, apply.FieldManager));
        Assert.Equal("abc123", apply.Annotations!["kit.io/commit"]);
        Assert.Equal("web", apply.Labels!["app"]);
        Assert.True(apply.IsWrite);
    }

    [Fact]
    public async Task An_error_rate_of_one_answers_every_api_call_with_a_500()
    {
        await using var f = await SimulatorFixture.StartAsync(errorRate: 1);
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await SendAsync(http, HttpMethod.Get, ConfigMaps);

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("InternalError", (string?)status["reason"]);
    }

    [Fact]
    public async Task Latency_delays_every_request()
    {
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { LatencyMs = 300 });
        using var http = sim.Cluster("c1").CreateHttpClient();
        await http.GetAsync("version");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync("version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 280, $"answered in {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("api/v1/namespaces/default/services/web", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}""")]
    [InlineData("api/v1/namespaces/default/secrets/token", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"token"},"stringData":{"token":"s3cret"}}""")]
    [InlineData("apis/apps/v1/namespaces/default/deployments/web", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{"kit.io/commit":"abc"}},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"web:1","ports":[{"containerPort":8080}],"env":[{"name":"A","value":"1"}]}]}}}}""")]
    [InlineData("apis/batch/v1/namespaces/default/cronjobs/nightly", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},"spec":{"schedule":"0 3 * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"job","image":"job:1"}]}}}}}}""")]
    [InlineData("apis/networking.k8s.io/v1/namespaces/default/ingresses/web", """{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web"},"spec":{"rules":[{"host":"web.local","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""")]
    public async Task Reapplying_an_unchanged_manifest_writes_nothing(string path, string manifest)
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 0);
        using var http = f.C1.CreateHttpClient();
        var (createCode, created) = await ApplyAsync(http, path, manifest, "kit");
        await Task.Delay(200);
        var settled = (await SendAsync(http, HttpMethod.Get, path)).Body;

        var (code, again) = await ApplyAsync(http, path, manifest, "kit");

        Assert.Equal(HttpStatusCode.Created, createCode);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal((string?)settled["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);
        Assert.Equal((long?)created["metadata"]!["generation"], (long?)again["metadata"]!["generation"]);
    }

    [Fact]
    public async Task Reapplying_a_secret_a_second_later_writes_nothing_though_its_managed_fields_time_would_move()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        const string Path = "api/v1/namespaces/default/secrets/token";
        const string Manifest = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"token"},"stringData":{"token":"s3cret"}}""";
        var (_, created) = await ApplyAsync(http, Path, Manifest, "kit");

        // managedFields times have whole seconds: the re-apply lands in a later second.
        await Task.Delay(1100);
        var (code, again) = await ApplyAsync(http, Path, Manifest, "kit");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)again["metadata"]!["resourceVersion"]);
        Assert.Equal((string?)created["metadata"]!["managedFields"]![0]!["time"], (string?)again["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n data: [", "error converting YAML to JSON")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n", "does not match the expected API version")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n", "does not match the name on the URL")]
    [InlineData("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "expands to more than")]
    public async Task A_malformed_apply_is_a_400_and_stores_nothing(string manifest, string message)
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await ApplyAsync(http, ConfigMaps + "/s", manifest, "kit");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains(message, (string?)status["message"]);
        Assert.Empty(f.C1.List("configmaps"));
    }

    [Fact]
    public async Task A_cluster_error_rate_answers_500s_on_that_cluster_only_and_spares_discovery()
    {
        await using var f = await SimulatorFixture.StartAsync(clusters: 2);
        f.C1.ErrorRate = 1;
        using var flaky = f.C1.CreateHttpClient();
        using var healthy = f.Sim.Cluster("c2").CreateHttpClient();

        var (failed, status) = await SendAsync(flaky, HttpMethod.Get, ConfigMaps);
        using var discovery = await flaky.GetAsync("api/v1");
        var (ok, _) = await SendAsync(healthy, HttpMethod.Get, ConfigMaps);

        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    static async Task<(HttpStatusCode Code, JsonObject Body)> SendProtobufAsync(HttpClient http, HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task A_protobuf_body_without_the_envelope_is_a_400_worded_as_the_decoder_words_it()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await SendProtobufAsync(http, HttpMethod.Post, ConfigMaps, Encoding.UTF8.GetBytes("""{"kind":"ConfigMap"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("""the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap"})""", (string?)status["message"]);
        Assert.Empty(f.C1.List("configmaps"));
    }

    [Fact]
    public async Task A_protobuf_update_replaces_the_object_as_a_json_update_does()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        f.C1.Apply(Manifests.ConfigMap("settings", "1"));

        var (code, updated) = await SendProtobufAsync(http, HttpMethod.Put, ConfigMaps + "/settings", Convert.FromBase64String(KubectlProtobufBodies.ConfigMap));

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("hello", (string?)updated["data"]!["greeting"]);
        Assert.Equal("hello", (string?)f.C1.Get("configmaps", "default", "settings")!["data"]!["greeting"]);
        Assert.Null(f.C1.Get("configmaps", "default", "settings")!["data"]!["value"]);
    }

    [Fact]
    public async Task Protobuf_is_a_415_for_a_custom_resource_and_for_a_patch()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        f.C1.Apply(Manifests.WidgetCrd);
        f.C1.Apply(Manifests.ConfigMap("settings", "1"));
        var body = Convert.FromBase64String(KubectlProtobufBodies.ConfigMap);

        var (widgetCode, widget) = await SendProtobufAsync(http, HttpMethod.Post, "apis/example.com/v1/namespaces/default/widgets", body);
        var (patchCode, patch) = await SendProtobufAsync(http, HttpMethod.Patch, ConfigMaps + "/settings", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, widgetCode);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml", (string?)widget["message"]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patchCode);
        Assert.StartsWith("the body of the request was in an unknown format - accepted media types include: application/json-patch+json", (string?)patch["message"]);
        Assert.Equal("1", (string?)f.C1.Get("configmaps", "default", "settings")!["data"]!["value"]);
    }

    [Fact]
    public async Task Defaults_fill_an_empty_deployment_strategy_and_a_secret_type_as_the_server_does()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (deployCode, deploy) = await SendAsync(http, HttpMethod.Post, "apis/apps/v1/namespaces/default/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"strategy":{},
             "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """);
        var (secretCode, secret) = await SendAsync(http, HttpMethod.Post, "api/v1/namespaces/default/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"MQ=="}}""");

        Assert.Equal(HttpStatusCode.Created, deployCode);
        Assert.Equal("RollingUpdate", (string?)deploy["spec"]!["strategy"]!["type"]);
        Assert.Equal("25%", (string?)deploy["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]);
        Assert.Equal("25%", (string?)deploy["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]);
        Assert.Equal(HttpStatusCode.Created, secretCode);
        Assert.Equal("Opaque", (string?)secret["type"]);
    }
}
