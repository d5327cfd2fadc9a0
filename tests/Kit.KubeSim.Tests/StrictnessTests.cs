using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>What kube-apiserver refuses, the simulator refuses too, a dry-run included, without storing anything.</summary>
public sealed class StrictnessTests
{
    const string Services = "api/v1/namespaces/default/services";
    const string Jobs = "apis/batch/v1/namespaces/default/jobs";

    static string Service(string name, string clusterIp) =>
        $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"clusterIP":"{{{clusterIp}}}","ports":[{"port":80}]}}""";

    static string Job(string image) =>
        $$$$$"""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"{{{{{image}}}}}"}]}}}}""";

    /// <summary>A server-side apply of a YAML manifest as kit sends it (field manager kit), optionally a dry-run.</summary>
    internal static async Task<(HttpStatusCode Code, JsonObject Body)> ApplyAsync(HttpClient http, string path, string manifest, bool dryRun)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager=kit{(dryRun ? "&dryRun=All" : "")}");
        request.Content = new StringContent(manifest, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_service_cluster_ip_and_a_job_template_are_immutable(bool dryRun)
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created, (await ApplyAsync(http, Services + "/web", Service("web", "10.96.100.10"), dryRun: false)).Code);
        Assert.Equal(HttpStatusCode.Created, (await ApplyAsync(http, Jobs + "/migrate", Job("m:1"), dryRun: false)).Code);

        // The rollout controller completes the Job in the background; compare against the state it settles in.
        var (before, settled) = await Eventually.SettledAsync(f.C1.Snapshot, (a, b) => a.SequenceEqual(b), TimeSpan.FromMilliseconds(300));
        Assert.True(settled);

        var (code, status) = await ApplyAsync(http, Services + "/web", Service("web", "10.96.100.11"), dryRun);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.100.11\"]: may not change once set", (string?)status["message"]);

        (code, status) = await ApplyAsync(http, Jobs + "/migrate", Job("m:2"), dryRun);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.StartsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value: ", (string?)status["message"]);
        Assert.EndsWith(": field is immutable", (string?)status["message"]);

        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(http, Services + "/web", Service("web", "10.96.100.10"), dryRun)).Code);
        Assert.Equal(before, f.C1.Snapshot());
    }

    [Fact]
    public async Task A_service_name_must_be_a_dns_1035_label()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();

        var (code, status) = await ApplyAsync(http, Services + "/9web", Service("9web", "10.96.100.10"), dryRun: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.StartsWith("Service \"9web\" is invalid: metadata.name: Invalid value: \"9web\": a DNS-1035 label", (string?)status["message"]);
    }

    [Fact]
    public async Task A_dry_run_is_logged_as_one_and_is_no_write()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var http = f.C1.CreateHttpClient();
        var before = f.C1.Snapshot();

        var (code, _) = await ApplyAsync(http, Services + "/web", Service("web", "10.96.100.10"), dryRun: true);

        Assert.Equal(HttpStatusCode.Created, code);
        var entry = Assert.Single(f.C1.RequestLog, e => e.Resource == "services");
        Assert.True(entry.DryRun);
        Assert.False(entry.IsWrite);
        Assert.Equal(before, f.C1.Snapshot());
    }
}
