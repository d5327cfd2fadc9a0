using System.Net.Http.Headers;
using System.Text;
using Kit.Harness;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;


/// <summary>A real Prometheus scrapes a <c>kit up</c> process's <c>/metrics</c> during a deployment and answers for kit's counters.</summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    const string Token = "metrics-test-token";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_reads_back_the_deployment_render_apply_image_bus_and_runtime_metrics_of_a_deployment()
    {
        await using var pipeline = await Pipeline.StartAsync();
        // kit up as a process of its own, as it runs for real: MassTransit's meter lives once per process, and the
        // hosts of other tests in this process would otherwise share (or have ended) it.
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        using var kit = StartKitUp(pipeline, address.Port);
        try
        {
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
            {
                await Eventually.TrueAsync(() => Ready(probe, address), Wait, () => $"kit up never answered on {address}: {string.Join('\n', kit.Output)}");
            }

            await using var prometheus = await PrometheusServer.StartAsync("kit", $"127.0.0.1:{address.Port}");
            await AssertAtLeastAsync(prometheus, "up{job=\"kit\"}", 1);

            const string image = "registry.example.com/team/hello:4.5.6";
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/images")
            {
                Content = new StringContent($$"""{"image":"{{image}}","branch":"main"}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var accepted = await http.SendAsync(post);
            Assert.True(accepted.IsSuccessStatusCode, $"POST /api/images: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
            await Eventually.TrueAsync(() => pipeline.ClusterNames.All(c => pipeline.DeployedImages(c).Contains(image)), Wait, () => "the image did not reach every cluster");

            output.WriteLine($"series: {string.Join(' ', await prometheus.NamesAsync())}");

            // Each counter is asked for at least this deployment's share.
            var clusters = pipeline.ClusterNames.Count;
            await AssertAtLeastAsync(prometheus, "sum(kit_image_commits_total{job=\"kit\"})", 1);
            await AssertAtLeastAsync(prometheus, "sum(kit_deployments_total{job=\"kit\",outcome=\"succeeded\"})", 1);
            await AssertAtLeastAsync(prometheus, "sum(kit_render_duration_seconds_count{job=\"kit\",outcome=\"succeeded\"})", 1);
            foreach (var cluster in pipeline.ClusterNames)
            {
                await AssertAtLeastAsync(prometheus, $"sum(kit_cluster_deploy_duration_seconds_count{{job=\"kit\",cluster=\"{cluster}\",outcome=\"succeeded\"}})", 1);
                await AssertAtLeastAsync(prometheus, $"sum(kit_apply_requests_total{{job=\"kit\",cluster=\"{cluster}\",code=~\"2..\"}})", 1);
            }

            await AssertAtLeastAsync(prometheus, "sum(kit_cluster_deploy_duration_seconds_bucket{job=\"kit\",le=\"+Inf\"})", clusters);
            await AssertAtLeastAsync(prometheus, "sum(messaging_masstransit_consume_ea_total{job=\"kit\"})", 1);
            await AssertAtLeastAsync(prometheus, "sum(dotnet_gc_heap_total_allocated_bytes_total{job=\"kit\"})", 1);
        }
        finally
        {
            kit.Kill();
        }
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    static bool Ready(HttpClient probe, Uri address)
    {
        try
        {
            return probe.GetAsync(new Uri(address, "/health/ready")).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The test's own build of <c>kit</c>, run as <c>kit up</c> with the in-memory bus and an API token.</summary>
    static ServiceProcess StartKitUp(Pipeline pipeline, int port) => ServiceProcess.Run(
        "kit up",
        Path.Combine(AppContext.BaseDirectory, "kit.dll"),
        ["up", "--repo", pipeline.Repository, "--kubeconfigs", pipeline.Kubeconfigs, "--branch", "main", "--poll", "0", "--tracker", $"Data Source={pipeline.Root.Combine("tracker.db")}", "--port", $"{port}"],
        new Dictionary<string, string?> { ["ConnectionStrings__RabbitMq"] = null, ["Kit__ImageDeployer__ApiToken"] = Token });

    async Task AssertAtLeastAsync(PrometheusServer prometheus, string query, double least)
    {
        double? last = null;
        var held = await Eventually.HoldsAsync(async () => (last = await prometheus.ValueAsync(query)) >= least, Wait, TimeSpan.FromMilliseconds(500));
        output.WriteLine($"{query} = {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
        Assert.True(held, $"{query} was {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}, not at least {least}, within {Wait.TotalSeconds:0} s");
    }
}
