using System.Net;
using System.Text.Json.Nodes;

namespace Kit.KubeSim.Tests;

/// <summary>/openapi/v2 and /openapi/v3 generated from the schema catalog, built once per cluster state.</summary>
public sealed class OpenApiTests
{
    static async Task<(HttpStatusCode Code, string Body)> GetAsync(HttpClient http, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task V2_has_a_definition_per_kind_with_its_group_version_kind_and_the_list_extensions()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, body) = await GetAsync(http, "openapi/v2", "application/json");
        var definitions = JsonNode.Parse(body)!["definitions"]!;
        var deployment = definitions["io.k8s.api.apps.v1.Deployment"]!;
        var containers = definitions["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""[{"group":"apps","kind":"Deployment","version":"v1"}]""", deployment["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", (string?)deployment["properties"]!["spec"]!["$ref"]);
        Assert.Equal(("map", "name", "merge", "name"), ((string?)containers["x-kubernetes-list-type"], (string?)containers["x-kubernetes-list-map-keys"]![0], (string?)containers["x-kubernetes-patch-strategy"], (string?)containers["x-kubernetes-patch-merge-key"]));
        Assert.All(f.C1.Store.Types(), t => Assert.Contains(definitions.AsObject(), d => d.Value!["x-kubernetes-group-version-kind"]?[0]?["kind"]?.ToString() == t.Kind));
    }

    [Theory]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    [InlineData("application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    public async Task V2_is_served_as_protobuf_with_the_content_type_kube_apiserver_answers(string accept)
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(OpenApi.V2(f.C1.Store).Protobuf, bytes);
    }

    [Fact]
    public async Task V2_answers_a_bare_406_when_neither_json_nor_protobuf_is_acceptable_as_kube_apiserver_does()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, body) = await GetAsync(http, "openapi/v2", "application/yaml");

        Assert.Equal(HttpStatusCode.NotAcceptable, code);
        Assert.Equal("", body);
    }

    [Fact]
    public void V2_protobuf_holds_the_json_documents_definitions_with_their_fields_and_extensions()
    {
        var document = OpenApi.V2(new ObjectStore());
        var json = JsonNode.Parse(document.Json)!;
        var root = Wire.Read(document.Protobuf);
        var definitions = Wire.Read(root.Single(f => f.Number == 9).Bytes).Select(d => Wire.Read(d.Bytes)).ToDictionary(d => d.String(1)!, d => Wire.Read(d.Single(f => f.Number == 2).Bytes));
        var deployment = definitions["io.k8s.api.apps.v1.Deployment"];
        var gvk = Wire.Read(deployment.Single(f => f.Number == 31).Bytes);
        var replicas = Property(definitions["io.k8s.api.apps.v1.DeploymentSpec"], "replicas");
        var containers = Property(definitions["io.k8s.api.core.v1.PodSpec"], "containers");
        var containerExtensions = containers.Where(f => f.Number == 31).Select(f => Wire.Read(f.Bytes)).ToDictionary(e => e.String(1)!, e => Wire.Read(e.Single(f => f.Number == 2).Bytes).String(2));

        var deploymentPath = Wire.Read(root.Single(f => f.Number == 8).Bytes).Select(p => Wire.Read(p.Bytes)).Single(p => p.String(1) == "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
        var patch = Wire.Read(Wire.Read(deploymentPath.Single(f => f.Number == 2).Bytes).Single(f => f.Number == 8).Bytes);
        // ParametersItem.parameter (1) > Parameter.non_body_parameter (2) > NonBodyParameter.query_parameter_sub_schema (3).
        var parameters = patch.Where(f => f.Number == 8).Select(p => Wire.Read(Wire.Read(Wire.Read(Wire.Read(p.Bytes).Single(f => f.Number == 1).Bytes).Single(f => f.Number == 2).Bytes).Single(f => f.Number == 3).Bytes)).ToList();
        var fieldValidation = parameters.Single(p => p.String(4) == "fieldValidation");

        Assert.Equal(("query", "string", 1UL), (fieldValidation.String(2), fieldValidation.String(6), fieldValidation.Single(f => f.Number == 20).Varint));
        Assert.Equal("patchDeployment", patch.String(5));
        Assert.Equal("2.0", root.String(1));
        Assert.Equal(json["definitions"]!.AsObject().Select(d => d.Key), definitions.Keys);
        Assert.Equal("x-kubernetes-group-version-kind", gvk.String(1));
        Assert.Equal("""[{"group":"apps","kind":"Deployment","version":"v1"}]""", JsonNode.Parse(Wire.Read(gvk.Single(f => f.Number == 2).Bytes).String(2)!)!.ToJsonString());
        Assert.Equal("integer", Wire.Read(replicas.Single(f => f.Number == 22).Bytes).String(1));
        Assert.Equal("int32", replicas.String(2));
        Assert.Equal((string?)json["definitions"]!["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["replicas"]!["description"], replicas.String(4));
        Assert.Equal("array", Wire.Read(containers.Single(f => f.Number == 22).Bytes).String(1));
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", Wire.Read(Wire.Read(containers.Single(f => f.Number == 23).Bytes).Single().Bytes).String(1));
        Assert.Equal("\"map\"\n", containerExtensions["x-kubernetes-list-type"]);
        Assert.Equal("[\"name\"]\n", containerExtensions["x-kubernetes-list-map-keys"]);
    }

    // Schema.properties (25) holds NamedSchema entries: name (1), value (2).
    static List<Wire.Field> Property(List<Wire.Field> schema, string name) =>
        Wire.Read(Wire.Read(schema.Single(f => f.Number == 25).Bytes).Select(p => Wire.Read(p.Bytes)).Single(p => p.String(1) == name).Single(f => f.Number == 2).Bytes);

    [Fact]
    public async Task V3_documents_have_schemas_and_patch_operations_accepting_field_validation()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var index = JsonNode.Parse((await GetAsync(http, "openapi/v3")).Body)!;
        var url = (string)index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var doc = JsonNode.Parse((await GetAsync(http, url.TrimStart('/'))).Body)!;
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;

        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
        Assert.Equal("Deployment", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Equal("integer", (string?)doc["components"]!["schemas"]!["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["replicas"]!["type"]);
    }

    [Fact]
    public async Task Documents_are_built_once_per_cluster_state_and_a_crd_change_rebuilds_them()
    {
        await using var f = await SimulatorFixture.StartAsync(clusters: 2);
        var store = f.C1.Store;
        var builtInV2 = OpenApi.V2(store);

        Assert.Same(builtInV2, OpenApi.V2(store));
        Assert.Same(builtInV2, OpenApi.V2(f.Sim.Cluster("c2").Store));

        f.C1.Apply(FieldValidationTests.Crd);
        var withCrd = OpenApi.V2(store);
        var widgets = OpenApi.V3(store, "apis/example.com/v1")!;

        Assert.NotSame(builtInV2, withCrd);
        Assert.Same(withCrd, OpenApi.V2(store));
        Assert.Same(widgets, OpenApi.V3(store, "apis/example.com/v1"));
        Assert.Same(builtInV2, OpenApi.V2(f.Sim.Cluster("c2").Store));
        Assert.Same(builtInV2.Protobuf, OpenApi.V2(f.Sim.Cluster("c2").Store).Protobuf);
        Assert.Same(withCrd.Protobuf, OpenApi.V2(store).Protobuf);
        Assert.Contains("com.example.v1.Widget", Wire.Read(Wire.Read(withCrd.Protobuf).Single(d => d.Number == 9).Bytes).Select(d => Wire.Read(d.Bytes).String(1)));
        Assert.DoesNotContain("com.example.v1.Widget", Wire.Read(Wire.Read(builtInV2.Protobuf).Single(d => d.Number == 9).Bytes).Select(d => Wire.Read(d.Bytes).String(1)));
        Assert.Contains("com.example.v1.Widget", JsonNode.Parse(withCrd.Json)!["definitions"]!.AsObject().Select(d => d.Key));

        f.C1.Apply(FieldValidationTests.Crd.Replace("How big the widget is.", "How large the widget is.", StringComparison.Ordinal));

        Assert.NotEqual(widgets.Hash, OpenApi.V3(store, "apis/example.com/v1")!.Hash);
        Assert.Same(OpenApi.V3(store, "apis/apps/v1"), OpenApi.V3(f.Sim.Cluster("c2").Store, "apis/apps/v1"));
    }
}
