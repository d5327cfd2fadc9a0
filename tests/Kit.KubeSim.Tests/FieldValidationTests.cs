using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Tests;

/// <summary>fieldValidation=Strict|Warn|Ignore as kube-apiserver applies it to create, update, patch and apply.</summary>
public sealed class FieldValidationTests
{
    const string Deployments = "apis/apps/v1/namespaces/default/deployments";

    static string Deployment(string spec) =>
        $$$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}},{{{spec}}}}}""";

    static async Task<(HttpStatusCode Code, JsonObject Body, string[] Warnings)> SendAsync(HttpClient http, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.SendAsync(request);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), warnings);
    }

    [Fact]
    public async Task Strict_create_refuses_an_unknown_field_with_the_decoders_wording()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status, _) = await SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Strict", Deployment("\"replicaz\":2"));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicaz\"", (string?)status["message"]);
        Assert.Null(f.C1.Get("deployments", "default", "web"));
    }

    [Fact]
    public async Task Strict_create_names_nested_unknown_and_duplicate_fields()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","name":"c","labelz":{}},"data":{"a":"1"}}""";

        var (code, status, _) = await SendAsync(http, HttpMethod.Post, "api/v1/namespaces/default/configmaps?fieldValidation=Strict", body);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"metadata.name\", unknown field \"metadata.labelz\"", (string?)status["message"]);
    }

    [Fact]
    public async Task Warn_is_the_default_it_stores_without_the_unknown_field_and_says_so_in_a_warning_header()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, _, warnings) = await SendAsync(http, HttpMethod.Post, Deployments, Deployment("\"replicaz\":2,\"replicas\":3"));

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(["299 - \"unknown field \\\"spec.replicaz\\\"\""], warnings);
        var stored = f.C1.Get("deployments", "default", "web")!;
        Assert.Null(stored["spec"]!["replicaz"]);
        Assert.Equal(3, (int)stored["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Ignore_drops_the_unknown_field_silently()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, _, warnings) = await SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Ignore", Deployment("\"replicaz\":2"));

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Empty(warnings);
        Assert.Null(f.C1.Get("deployments", "default", "web")!["spec"]!["replicaz"]);
    }

    [Fact]
    public async Task A_wrong_type_is_refused_whatever_the_directive()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status, _) = await SendAsync(http, HttpMethod.Post, Deployments + "?fieldValidation=Ignore", Deployment("\"replicas\":\"3\""));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", (string?)status["message"]);
    }

    [Fact]
    public async Task Update_and_patches_are_validated_after_patching()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, HttpMethod.Post, Deployments, Deployment("\"replicas\":1"))).Code);
        var live = f.C1.Get("deployments", "default", "web")!;
        live["spec"]!["replicaz"] = 2;

        var put = await SendAsync(http, HttpMethod.Put, Deployments + "/web?fieldValidation=Strict", live.ToJsonString());
        var merge = await SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Strict", """{"spec":{"replicaz":2}}""", "application/merge-patch+json");
        var strategic = await SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Strict", """{"spec":{"template":{"spec":{"containers":[{"name":"app","imagez":"x"}]}}}}""", "application/strategic-merge-patch+json");
        var json = await SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Strict", """[{"op":"add","path":"/spec/replicaz","value":2}]""", "application/json-patch+json");
        var warned = await SendAsync(http, HttpMethod.Patch, Deployments + "/web?fieldValidation=Warn", """{"spec":{"replicaz":2,"replicas":4}}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode.BadRequest, "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicaz\""), (put.Code, (string?)put.Body["message"]));
        Assert.Equal((HttpStatusCode.BadRequest, "strict decoding error: unknown field \"spec.replicaz\""), (merge.Code, (string?)merge.Body["message"]));
        Assert.Equal((HttpStatusCode.BadRequest, "strict decoding error: unknown field \"spec.template.spec.containers[0].imagez\""), (strategic.Code, (string?)strategic.Body["message"]));
        Assert.Equal((HttpStatusCode.BadRequest, "strict decoding error: unknown field \"spec.replicaz\""), (json.Code, (string?)json.Body["message"]));
        Assert.Equal(HttpStatusCode.OK, warned.Code);
        Assert.Equal(["299 - \"unknown field \\\"spec.replicaz\\\"\""], warned.Warnings);
        Assert.Equal(4, (int)f.C1.Get("deployments", "default", "web")!["spec"]!["replicas"]!);
        Assert.Null(f.C1.Get("deployments", "default", "web")!["spec"]!["replicaz"]);
    }

    [Theory]
    [InlineData("Strict")]
    [InlineData("Ignore")]
    public async Task Apply_refuses_a_field_not_declared_in_schema_whatever_the_directive(string directive)
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var manifest = Deployment("""
            "replicaz":2,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx","imagez":"x"}]}}
            """).Replace("\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}},", "", StringComparison.Ordinal);

        var (code, status, _) = await SendAsync(http, HttpMethod.Patch, $"{Deployments}/web?fieldManager=kit&fieldValidation={directive}", manifest, "application/apply-patch+yaml");

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:\n  .spec.replicaz: field not declared in schema\n  .spec.template.spec.containers[name=\"app\"].imagez: field not declared in schema", (string?)status["message"]);
        Assert.Null(status["reason"]);
        Assert.Null(f.C1.Get("deployments", "default", "web"));
    }

    [Fact]
    public async Task Custom_resources_are_pruned_and_validated_against_their_schema()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply(Crd);
        using var http = f.C1.CreateHttpClient();
        const string Widgets = "apis/example.com/v1/namespaces/default/widgets";

        var strict = await SendAsync(http, HttpMethod.Post, Widgets + "?fieldValidation=Strict", """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},"spec":{"size":1,"colour":"red"}}""");
        var wrong = await SendAsync(http, HttpMethod.Post, Widgets, """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"b"},"spec":{"size":"big"}}""");
        var pruned = await SendAsync(http, HttpMethod.Post, Widgets, """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"c"},"spec":{"size":1,"colour":"red","extra":{"any":"thing"}}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.colour\""), (strict.Code, (string?)strict.Body["message"]));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Widget.example.com \"b\" is invalid: spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\""), (wrong.Code, (string?)wrong.Body["message"]));
        Assert.Equal(HttpStatusCode.Created, pruned.Code);
        Assert.Equal(["299 - \"unknown field \\\"spec.colour\\\"\""], pruned.Warnings);
        var stored = f.C1.Get("widgets", "default", "c")!;
        Assert.Null(stored["spec"]!["colour"]);
        Assert.Equal("thing", (string?)stored["spec"]!["extra"]!["any"]);
    }

    /// <summary>Widgets with a typed spec: size an integer, extra anything.</summary>
    internal static readonly string Crd = Testing.Manifests.TypedWidgetCrd(
        "{type: object, properties: {spec: {type: object, description: What the widget should be., properties: {"
        + "size: {type: integer, description: How big the widget is.}, extra: {type: object, x-kubernetes-preserve-unknown-fields: true}}}}}");
}
