using System.Diagnostics;
using Kit.Contracts;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.Kubernetes;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    const int Clusters = 20;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_broker_stopped_for_ten_seconds_mid_deployment_loses_nothing_and_every_service_reconnects()
    {
        Assert.True(RabbitMqNode.Available, "rabbitmq-server is not installed (scripts/services.sh installs it)");
        await using var broker = await RabbitMqNode.StartAsync();
        output.WriteLine($"own RabbitMQ node {broker.Node} on 127.0.0.1:{broker.Port}");
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 2);
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, broker.ConnectionString, slack.Url);

        var clock = Stopwatch.StartNew();
        var image = Fleetwide.Image("5.0.0");
        await fleet.Bus.Publish(image);

        // In the middle: the first cluster has its new Deployment, the others are still on their way.
        await Eventually.TrueAsync(
            () => pipeline.ClusterNames.Any(c => pipeline.DeployedImages(c).Contains(image.Image)),
            TimeSpan.FromSeconds(60),
            () => $"no cluster applied {image.Image}; committed={fleet.Progress.For(image.CorrelationId).Committed is not null}");
        var applied = pipeline.ClusterNames.Count(c => pipeline.DeployedImages(c).Contains(image.Image));
        var reported = fleet.Progress.For(image.CorrelationId).Clusters.Count;
        await broker.StopAppAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: broker stopped with {applied}/{Clusters} clusters applied and {reported} ClusterDeployed seen");
        await Task.Delay(Outage);
        await broker.StartAppAsync();
        var restarted = clock.Elapsed;
        output.WriteLine($"{restarted.TotalSeconds:0.0} s: broker started again");

        var completed = await fleet.Progress.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(120));
        var recovered = clock.Elapsed - restarted;
        var (_, times) = await fleet.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(10));
        var reapplied = pipeline.ClusterNames.Count(c => pipeline.Clusters.Cluster(c).RequestLog
            .Count(e => e.IsWrite && e.Resource == "deployments" && e.Labels?.GetValueOrDefault(Marks.Commit) == fleet.Progress.For(image.CorrelationId).Committed!.CommitSha) > 1);
        output.WriteLine($"DeploymentCompleted {recovered.TotalSeconds:0.0} s after the broker came back: {completed.Succeeded}/{completed.Total} succeeded, " +
            $"received {times} time(s); {reapplied} clusters applied the Deployment more than once");
        foreach (var failed in fleet.Progress.For(image.CorrelationId).Clusters.Values.Where(c => c.Outcome != DeploymentOutcome.Succeeded))
        {
            output.WriteLine($"{failed.Cluster}: {failed.Outcome}: {failed.Error}");
        }

        Assert.Equal(1, times);
        Assert.Equal(Clusters, completed.Total);
        Assert.Equal(Clusters, completed.Succeeded);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(image.Image, pipeline.DeployedImages(c)));

        // Every service is back on the broker by itself: a second image goes all the way through.
        var next = Fleetwide.Image("5.0.1");
        var second = Stopwatch.StartNew();
        await fleet.Bus.Publish(next);
        var nextCompleted = await fleet.Progress.CompletedAsync(next.CorrelationId, TimeSpan.FromSeconds(90));
        output.WriteLine($"a second image after the outage: DeploymentCompleted in {second.Elapsed.TotalSeconds:0.0} s, {nextCompleted.Succeeded}/{nextCompleted.Total} succeeded");
        Assert.Equal(Clusters, nextCompleted.Succeeded);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(next.Image, pipeline.DeployedImages(c)));
        await slack.WaitForAsync(2, TimeSpan.FromSeconds(30));
    }
}
