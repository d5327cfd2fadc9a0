using Kit.Contracts;
using Kit.Kubernetes;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying.Tests;

public sealed class FastRollbackTests
{
    [Fact]
    public void Deployments_get_a_copy_per_deploy_id_and_their_services_switch_to_it()
    {
        var objects = ManifestParser.Parse([new RenderedManifest { FileName = "x.yaml", Content = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "web:2"}]}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}}}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: other}, spec: {selector: {app: other}}}
            """ }]);
        var (result, services) = FastRollback.Transform(objects, "d42");
        var copy = result[0];
        Assert.Equal("web-d42", copy.Name);
        Assert.Equal("web", copy.Labels[Marks.CopyOf]);
        Assert.Equal("d42", copy.Body["spec"]!["selector"]!["matchLabels"]![Marks.DeployId]!.GetValue<string>());
        Assert.Equal("d42", copy.Body["spec"]!["template"]!["metadata"]!["labels"]![Marks.DeployId]!.GetValue<string>());
        var service = Assert.Single(services);
        Assert.Equal("web", service.Name);
        Assert.Equal("d42", service.Body["spec"]!["selector"]![Marks.DeployId]!.GetValue<string>());
        Assert.Null(objects[0].Body["metadata"]!["labels"]![Marks.DeployId]);
        Assert.Equal(["web:2"], Images.Of(result));
    }

    [Theory]
    [InlineData("Build_17", "abc", "build-17")]
    [InlineData(null, "0123456789abcdef", "01234567")]
    [InlineData("a-very-long-deploy-identifier-indeed", "c", "a-very-long-deploy-i")]
    public void Deploy_ids_become_dns_labels(string? deployId, string commit, string expected)
    {
        Assert.Equal(expected, FastRollback.DeployId(deployId, commit));
    }

    [Fact]
    public void Diff_never_shows_secret_values()
    {
        var desired = System.Text.Json.Nodes.JsonNode.Parse("""{"kind":"Secret","metadata":{"name":"s"},"data":{"password":"bmV3"},"type":"Opaque"}""")!;
        var live = System.Text.Json.Nodes.JsonNode.Parse("""{"kind":"Secret","metadata":{"name":"s","uid":"1"},"data":{"password":"b2xk"},"type":"Opaque"}""")!;
        var diff = Assert.Single(LiveDiff.Compare(desired, live));
        Assert.DoesNotContain("bmV3", diff);
        Assert.DoesNotContain("b2xk", diff);
        Assert.StartsWith("data.password", diff);
        Assert.Empty(LiveDiff.Compare(live, live));
    }
}
