using System.Diagnostics;
using Kit.Deploying;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class DeployerKillTests(ITestOutputHelper output)
{
    const int Clusters = 20;

    [Fact]
    public async Task A_deployer_killed_while_applying_leaves_its_clusters_to_another_instance_in_order()
    {
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 3);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("kill-deployer");
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url, DeployingRegistration.ServiceName);
        using var doomed = ServiceProcess.Start("deployer-a", "Kit.Deployer", fleet.Settings(DeployingRegistration.ServiceName));
        using var survivor = ServiceProcess.Start("deployer-b", "Kit.Deployer", fleet.Settings(DeployingRegistration.ServiceName));
        await Consumers.WaitAsync(vhost, "manifests-rendered", 2, [doomed, survivor]);

        // A first image everywhere, so the interrupted one has an older commit to fall back on.
        var first = Fleetwide.Image("6.0.0");
        await fleet.Bus.Publish(first);
        Assert.Equal(Clusters, (await fleet.Progress.CompletedAsync(first.CorrelationId, TimeSpan.FromSeconds(90))).Succeeded);

        var clock = Stopwatch.StartNew();
        var image = Fleetwide.Image("6.0.1");
        await fleet.Bus.Publish(image);
        await Eventually.TrueAsync(
            () => pipeline.ClusterNames.Any(c => pipeline.DeployedImages(c).Contains(image.Image)),
            TimeSpan.FromSeconds(60),
            () => "no cluster applied " + image.Image);
        var commit = fleet.Progress.For(image.CorrelationId).Committed!.CommitSha;
        doomed.Kill();
        var killedAt = clock.Elapsed;
        var finishedByDoomed = pipeline.ClusterNames.Where(c => doomed.Logged($"Cluster {c} at commit {commit}")).ToList();
        output.WriteLine($"{killedAt.TotalSeconds:0.0} s: killed deployer-a (pid {doomed.Id}) with {pipeline.ClusterNames.Count(c => pipeline.DeployedImages(c).Contains(image.Image))}/{Clusters} clusters applied, {finishedByDoomed.Count} finished by it");

        var completed = await fleet.Progress.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(120));
        var recovered = clock.Elapsed - killedAt;
        var (_, times) = await fleet.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(10));
        var bySurvivor = pipeline.ClusterNames.Where(c => survivor.Logged($"Cluster {c} at commit {commit}")).ToList();
        var interrupted = pipeline.ClusterNames.Except(finishedByDoomed).Except(bySurvivor.Where(c => !doomed.Logged($"Cluster {c} "))).ToList();
        var history = Fleetwide.History(pipeline);
        var violations = pipeline.ClusterNames.SelectMany(c => Fleetwide.OutOfOrderWrites(pipeline, c, history)).ToList();
        output.WriteLine($"DeploymentCompleted {recovered.TotalSeconds:0.0} s after the kill: {completed.Succeeded}/{completed.Total} succeeded; " +
            $"deployer-b finished {bySurvivor.Count} clusters, {interrupted.Count} of them redelivered from deployer-a ({string.Join(", ", interrupted)}); " +
            $"{violations.Count} out-of-order writes; DeploymentCompleted received {times} time(s)");
        foreach (var violation in violations.Take(10))
        {
            output.WriteLine("  " + violation);
        }

        Assert.NotEmpty(interrupted);
        Assert.Equal(Clusters, completed.Succeeded);
        Assert.Equal(1, times);
        Assert.Empty(violations);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(image.Image, pipeline.DeployedImages(c)));
        Assert.Equal(0, await vhost.QueueDepthAsync("manifests-rendered_error"));
    }
}
