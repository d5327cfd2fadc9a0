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
}
