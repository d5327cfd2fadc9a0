using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>kubectl explain and kubectl's --validate against the schemas the simulator serves as OpenAPI.</summary>
public sealed partial class KubectlTests
{
    static string DeploymentWithTypo(string name) =>
        Manifests.Deployment(name, "nginx:1.25").Replace("  replicas: 1", "  replicaz: 1", StringComparison.Ordinal);

    [Fact]
    public async Task Explain_prints_a_built_in_field_with_its_type_and_description()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var explained = await f.Kubectl.RunAsync("explain", "deployment.spec.replicas");

        Assert.True(explained.ExitCode == 0, explained.All);
        Assert.Contains("KIND:       Deployment", explained.Output);
        Assert.Contains("FIELD: replicas <integer>", explained.Output);
        Assert.Contains("Number of desired pods.", explained.Output);
        Assert.Contains(f.C1.RequestLog, e => e.Path.StartsWith("/openapi/v3/apis/apps/v1?hash=", StringComparison.Ordinal));

        var spec = await f.Kubectl.RunAsync("explain", "deployment.spec");
        Assert.Contains("Specification of the desired behavior of the Deployment.", spec.Output);
        Assert.Contains("DeploymentSpec is the specification of the desired behavior of the", spec.Output);
        Assert.Contains("selector\t<LabelSelector> -required-", spec.Output);
    }

    [Fact]
    public async Task Explain_recursive_lists_the_container_fields()
    {
        await using var f = await SimulatorFixture.StartAsync();

        var explained = await f.Kubectl.RunAsync("explain", "pods.spec.containers", "--recursive");

        Assert.True(explained.ExitCode == 0, explained.All);
        Assert.Contains("FIELD: containers <[]Container>", explained.Output);
        Assert.Contains("image\t<string>", explained.Output);
        Assert.Contains("valueFrom\t<EnvVarSource>", explained.Output);
        Assert.Contains("name\t<string> -required-", explained.Output);
    }

    [Fact]
    public async Task Explain_prints_a_custom_kind_from_its_crd_schema()
    {
        await using var f = await SimulatorFixture.StartAsync();
        f.C1.Apply(FieldValidationTests.Crd);

        var explained = await f.Kubectl.RunAsync("explain", "widgets.spec");

        Assert.True(explained.ExitCode == 0, explained.All);
        Assert.Contains("KIND:       Widget", explained.Output);
        Assert.Contains("What the widget should be.", explained.Output);
        Assert.Contains("size\t<integer>", explained.Output);
    }

    [Fact]
    public async Task Validate_strict_server_side_apply_refuses_a_field_not_declared_in_schema()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var file = f.Write("typo.yaml", DeploymentWithTypo("web"));

        var applied = await f.Kubectl.RunAsync("apply", "--server-side", "--validate=strict", "-f", file);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema", applied.Error);
        Assert.Null(f.C1.Get("deployments", "default", "web"));
    }

    [Fact]
    public async Task Validate_strict_client_side_apply_refuses_an_unknown_field_on_the_server()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var file = f.Write("typo.yaml", DeploymentWithTypo("web"));

        var applied = await f.Kubectl.RunAsync("apply", "--validate=strict", "-f", file);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.replicaz\"", applied.Error);
        Assert.Contains(f.C1.RequestLog, e => e.Verb == "create" && e.Path.Contains("fieldValidation=Strict", StringComparison.Ordinal) && e.StatusCode == 400);
        Assert.Null(f.C1.Get("deployments", "default", "web"));
    }

    [Fact]
    public async Task Validate_warn_prints_the_servers_warning_and_stores_without_the_field()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var file = f.Write("typo.yaml", DeploymentWithTypo("web"));

        var applied = await f.Kubectl.RunAsync("apply", "--validate=warn", "-f", file);

        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.Contains("Warning: unknown field \"spec.replicaz\"", applied.Error);
        Assert.Null(f.C1.Get("deployments", "default", "web")!["spec"]!["replicaz"]);
    }

    [Fact]
    public async Task Validate_false_accepts_and_drops_the_unknown_field_silently()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var file = f.Write("typo.yaml", DeploymentWithTypo("web"));

        var applied = await f.Kubectl.RunAsync("apply", "--validate=false", "-f", file);

        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.DoesNotContain("Warning", applied.Error);
        Assert.Contains(f.C1.RequestLog, e => e.Verb == "create" && e.Path.Contains("fieldValidation=Ignore", StringComparison.Ordinal));
        Assert.Null(f.C1.Get("deployments", "default", "web")!["spec"]!["replicaz"]);
    }

    [Fact]
    public async Task Validate_strict_refuses_a_wrong_type()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var file = f.Write("wrong.yaml", Manifests.Deployment("web", "nginx:1.25").Replace("replicas: 1", "replicas: \"one\"", StringComparison.Ordinal));

        var applied = await f.Kubectl.RunAsync("apply", "--validate=strict", "-f", file);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", applied.Error);
    }
}
