namespace Kit.KubeSim.Tests;

/// <summary>kubectl's OpenAPI v2 consumers, which client-go feeds only from /openapi/v2 in protobuf.</summary>
public sealed partial class KubectlTests
{
    [Fact]
    public async Task Explain_from_openapi_v2_prints_a_built_in_fields_description()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var explained = await f.Kubectl.RunAsync("explain", "--output=plaintext-openapiv2", "deployment.spec.replicas");

        Assert.True(explained.ExitCode == 0, explained.All);
        Assert.Contains("KIND:     Deployment", explained.Output);
        Assert.Contains("FIELD:    replicas <integer>", explained.Output);
        Assert.Contains("Number of desired pods.", explained.Output);
        Assert.Contains(f.C1.RequestLog, e => e.Path.StartsWith("/openapi/v2", StringComparison.Ordinal) && e.StatusCode == 200);
    }

    [Fact]
    public async Task Explain_from_openapi_v2_prints_a_custom_kind_from_its_crd_schema()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply(FieldValidationTests.Crd);

        var explained = await f.Kubectl.RunAsync("explain", "--output=plaintext-openapiv2", "widgets.spec");

        Assert.True(explained.ExitCode == 0, explained.All);
        Assert.Contains("KIND:     Widget", explained.Output);
        Assert.Contains("What the widget should be.", explained.Output);
        Assert.Contains("size\t<integer>", explained.Output);
    }

    [Fact]
    public async Task Validate_strict_on_a_v1_list_refuses_an_unknown_field_in_kubectls_own_client_side_validation()
    {
        await using var f = await SimulatorFixture.StartAsync();
        // kubectl sends no fieldValidation for a v1 List, so it validates each item against /openapi/v2 itself.
        var item = string.Join("\n", DeploymentWithTypo("web").Split('\n').Select(line => "  " + line));
        var file = f.Write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- " + item.TrimStart());

        var applied = await f.Kubectl.RunAsync("apply", "--validate=strict", "-f", file);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("unknown field \"replicaz\" in io.k8s.api.apps.v1.DeploymentSpec", applied.Error);
        Assert.Contains(f.C1.RequestLog, e => e.Path.StartsWith("/openapi/v2", StringComparison.Ordinal) && e.StatusCode == 200);
        Assert.Null(f.C1.Get("deployments", "default", "web"));
    }
}
