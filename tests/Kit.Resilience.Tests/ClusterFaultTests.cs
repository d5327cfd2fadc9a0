using System.Diagnostics;
using Kit.Contracts;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class ClusterFaultTests(ITestOutputHelper output)
{
    const int Clusters = 22;

    [Fact]
    public async Task A_cluster_down_fails_alone_a_flaky_cluster_is_retried_and_the_rest_deploy_in_normal_time()
    {
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 1); // rollout polls give the flaky cluster more calls to fail
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("faults");
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url);
        var down = pipeline.ClusterNames[^1];
        var flaky = pipeline.ClusterNames[^2];
        pipeline.Clusters.Cluster(down).TakeDown();
        pipeline.Clusters.Cluster(flaky).ErrorRate = 0.1;

        var clock = Stopwatch.StartNew();
        var image = Fleetwide.Image("4.0.0");
        await fleet.Bus.Publish(image);
        var completed = await fleet.Progress.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;

        var outcomes = fleet.Progress.For(image.CorrelationId).Clusters;
        var healthy = outcomes.Values.Where(c => c.Cluster != down && c.Cluster != flaky).ToList();
        var flakyErrors = pipeline.Clusters.Cluster(flaky).RequestLog.Count(e => e.StatusCode == 500);
        output.WriteLine($"DeploymentCompleted after {elapsed.TotalSeconds:0.0} s: {completed.Succeeded}/{completed.Total} succeeded, failed: {string.Join(", ", completed.Failures.Select(f => f.Cluster))}");
        output.WriteLine($"  {down} (down): {outcomes[down].Outcome} after {outcomes[down].Duration.TotalSeconds:0.0} s: {outcomes[down].Error}");
        output.WriteLine($"  {flaky} (10% 500s, {flakyErrors} answered 500): {outcomes[flaky].Outcome} after {outcomes[flaky].Duration.TotalSeconds:0.0} s {outcomes[flaky].Error}");
        output.WriteLine($"  the other {healthy.Count}: {healthy.Count(c => c.Outcome == DeploymentOutcome.Succeeded)} succeeded, " +
            $"{healthy.Average(c => c.Duration.TotalSeconds):0.0} s on average, {healthy.Max(c => c.Duration.TotalSeconds):0.0} s at most");

        Assert.Equal(Clusters, completed.Total);
        Assert.Equal(DeploymentOutcome.Failed, outcomes[down].Outcome);
        Assert.Contains(completed.Failures, f => f.Cluster == down);
        Assert.Empty(pipeline.Clusters.Cluster(down).List("deployments"));

        // The flaky cluster ends either deployed (retried to success) or reported failed, never silently.
        Assert.True(outcomes[flaky].Outcome == DeploymentOutcome.Succeeded || completed.Failures.Any(f => f.Cluster == flaky), $"{flaky}: {outcomes[flaky].Outcome}");
        if (outcomes[flaky].Outcome == DeploymentOutcome.Succeeded)
        {
            Assert.Contains(image.Image, pipeline.DeployedImages(flaky));
        }

        Assert.Equal(Clusters - 2, healthy.Count);
        Assert.All(healthy, c => Assert.Equal(DeploymentOutcome.Succeeded, c.Outcome));
        Assert.All(healthy, c => Assert.True(c.Duration < TimeSpan.FromSeconds(15), $"{c.Cluster} took {c.Duration}"));
        Assert.All(healthy, c => Assert.Contains(image.Image, pipeline.DeployedImages(c.Cluster)));
    }
}
