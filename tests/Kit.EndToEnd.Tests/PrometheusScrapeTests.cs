using System.Net.Http.Headers;
using System.Text;
using Kit.Cli.Commands;
using Kit.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

[CollectionDefinition(nameof(PrometheusScrapeTests), DisableParallelization = true)]
public sealed class PrometheusScrapeRunsAlone;

/// <summary>
/// A real Prometheus scrapes <c>kit up</c>'s <c>/metrics</c> during a deployment and answers for kit's counters. It runs
/// alone: the meters it reads (MassTransit's, the runtime's) are the process's, shared with every other test's host.
/// </summary>
[Collection(nameof(PrometheusScrapeTests))]
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    const string Token = "metrics-test-token";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_reads_back_the_deployment_render_apply_image_bus_and_runtime_metrics_of_a_deployment()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", 0, null, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(request, configure: b => b.Configuration.AddInMemoryCollection([new("Kit:ImageDeployer:ApiToken", Token)]));
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
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

            // Counters are process-wide (other tests' hosts add to them too), so each is asked for at least this deployment's share.
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
            await app.StopAsync();
        }
    }

    async Task AssertAtLeastAsync(PrometheusServer prometheus, string query, double least)
    {
        double? last = null;
        var held = await Eventually.HoldsAsync(async () => (last = await prometheus.ValueAsync(query)) >= least, Wait, TimeSpan.FromMilliseconds(500));
        output.WriteLine($"{query} = {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}");
        Assert.True(held, $"{query} was {last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}, not at least {least}, within {Wait.TotalSeconds:0} s");
    }
}
