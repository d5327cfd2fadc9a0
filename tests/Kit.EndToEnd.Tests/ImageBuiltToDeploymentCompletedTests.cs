using System.Diagnostics;
using System.Text.Json;
using Kit.Cli.Commands;
using Kit.Cli.Demo;
using Kit.Contracts;
using Kit.Deploying;
using Kit.Harness;
using Kit.Hosting;
using Kit.ImageUpdating;
using Kit.Notifying;
using Kit.Rendering;
using Kit.Tracking;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.EndToEnd.Tests;

public sealed class ImageBuiltToDeploymentCompletedTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    static ImageBuilt NewImage() => SampleImage.Built(Pipeline.Image[(Pipeline.Image.LastIndexOf(':') + 1)..], message: "Greet faster");

    /// <summary>
    /// Five clusters, one of them down, five service hosts on the real broker, Seq and Slack replaced by
    /// capture servers (Slack refuses the first post with a 429 and Retry-After: 1).
    /// </summary>
    [Fact]
    public async Task An_image_reaches_every_cluster_through_five_services_on_rabbitmq_with_one_failure_reported_once()
    {
        await using var pipeline = await Pipeline.StartAsync(clusters: 5);
        var down = pipeline.ClusterNames[^1];
        pipeline.Clusters.Cluster(down).TakeDown();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("e2e");
        using var slack = await HttpCapture.StartAsync();
        using var seq = await HttpCapture.StartAsync();
        slack.RespondByCount(n => n == 1 ? (429, 1) : (200, null));
        var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url, new Dictionary<string, string?> { ["Seq:ServerUrl"] = seq.Url });
        var image = NewImage();
        string traceId;
        try
        {
            using (var source = new ActivitySource(KitDefaults.ActivitySourceName))
            using (var activity = source.StartActivity("ci publish"))
            {
                Assert.NotNull(activity);
                traceId = activity.TraceId.ToString();
                await fleet.Bus.Publish(image);
            }

            var completed = await WaitAsync(fleet.Progress, image, () => vhost.DescribeQueuesAsync());

            Assert.Equal((5, 4, 1), (completed.Total, completed.Succeeded, completed.Failed));
            Assert.Equal(down, Assert.Single(completed.Failures).Cluster);
            AssertDeployed(pipeline, image, pipeline.ClusterNames.Where(c => c != down));
            Assert.Empty(pipeline.Clusters.Cluster(down).List("deployments"));

            await slack.WaitForAsync(2, TimeSpan.FromSeconds(30));
            await Task.Delay(1500); // room for a wrong second message
            var posts = slack.Bodies;
            Assert.Equal(2, posts.Count);
            Assert.Equal(posts[0], posts[1]); // the same message, sent again after the 429
            Assert.Contains(down, posts[1]);
            Assert.Contains(image.CorrelationId.ToString()[..8], posts[1], StringComparison.OrdinalIgnoreCase);
            var waited = slack.Requests[1].At - slack.Requests[0].At;
            Assert.True(waited >= TimeSpan.FromSeconds(0.9), $"retried after {waited.TotalSeconds:0.00} s, Retry-After was 1 s");
            Assert.Equal(0, await vhost.QueueDepthAsync("cluster-deployed_error") + await vhost.QueueDepthAsync("manifests-rendered_error"));
        }
        finally
        {
            await fleet.DisposeAsync(); // flushes each service's Seq sink
        }

        var events = seq.Bodies
            .SelectMany(body => body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("DeploymentId", out var d) && d.GetString() == image.CorrelationId.ToString())
            .ToList();
        var services = events.Select(e => e.TryGetProperty("Service", out var s) ? s.GetString() : null).Distinct().ToHashSet();
        Assert.Superset(new HashSet<string?> { ImageUpdatingRegistration.ServiceName, RenderingRegistration.ServiceName, DeployingRegistration.ServiceName, TrackingRegistration.ServiceName, NotifyingRegistration.ServiceName }, services);
        var traces = events.Select(e => e.TryGetProperty("@tr", out var t) ? t.GetString() : "(none)").Distinct().ToList();
        Assert.True(traces.SequenceEqual([traceId]), $"trace ids in the deployment's log events: {string.Join(", ", traces)}; expected {traceId}");
        Assert.Contains(events, e => e.TryGetProperty("Cluster", out var c) && c.GetString() == down);
    }

    [Fact]
    public async Task An_image_reaches_both_clusters_on_the_in_memory_bus_in_one_process()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var progress = new DeploymentProgress();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", 0, null, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(request, x => x.AddConsumer<ProgressConsumer>(), b => b.Services.AddSingleton(progress));
        await app.StartAsync();
        try
        {
            var image = NewImage();
            await app.Services.GetRequiredService<IBus>().Publish(image);

            var completed = await WaitAsync(progress, image, () => Task.FromResult("in memory"));

            Assert.Equal(2, completed.Succeeded);
            Assert.Empty(completed.Failures);
            AssertDeployed(pipeline, image);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    static async Task<DeploymentCompleted> WaitAsync(DeploymentProgress progress, ImageBuilt image, Func<Task<string>> queues)
    {
        try
        {
            return await progress.CompletedAsync(image.CorrelationId, Deadline);
        }
        catch (TimeoutException)
        {
            var view = progress.For(image.CorrelationId);
            Assert.Fail($"no DeploymentCompleted in {Deadline}: committed={view.Committed?.CommitSha ?? "no"}, " +
                $"planned={(view.Planned is null ? "no" : string.Join(',', view.Planned.Clusters))}, " +
                $"deployed={string.Join(',', view.Clusters.Select(c => $"{c.Key}:{c.Value.Outcome}:{c.Value.Error}"))}, " +
                $"failures={string.Join(';', view.Failures)}; queues: {await queues()}");
            throw;
        }
    }

    static void AssertDeployed(Pipeline pipeline, ImageBuilt image, IEnumerable<string>? clusters = null)
    {
        foreach (var cluster in clusters ?? pipeline.ClusterNames)
        {
            Assert.Contains(image.Image, pipeline.DeployedImages(cluster));
        }

        var tip = pipeline.Tip(out var repo);
        using (repo)
        {
            Assert.Contains($"Kit-Deployment-Id: {image.CorrelationId}", tip.Message);
            Assert.Equal("Ada Lovelace", tip.Author.Name);
            var file = (LibGit2Sharp.Blob)tip["images/hello/main.yaml"].Target;
            Assert.Contains(image.Image, file.GetContentText());
        }
    }
}
