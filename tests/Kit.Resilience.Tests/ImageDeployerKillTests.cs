using System.Diagnostics;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.ImageUpdating;
using Kit.Testing;
using LibGit2Sharp;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class ImageDeployerKillTests(ITestOutputHelper output)
{
    const int Clusters = 20;

    [Fact]
    public async Task An_image_deployer_killed_between_push_and_publish_commits_once_and_the_deployment_still_happens()
    {
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 0.2);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("kill-image");
        using var slack = await HttpCapture.StartAsync();
        using var daemon = await GitDaemon.StartAsync(pipeline.Root.Path);
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url, ImageUpdatingRegistration.ServiceName);

        // The server holds the push open once the branch has moved (the reference-transaction hook runs after the
        // refs are committed, before receive-pack reports): the image-deployer has pushed and not yet published.
        var pushed = pipeline.Root.Combine("pushed");
        var hook = Path.Combine(pipeline.Repository, "hooks", "reference-transaction");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, $"#!/bin/sh\ncat >/dev/null\nif [ \"$1\" = committed ]; then touch '{pushed}'; sleep 60; fi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Dictionary<string, string?> Settings(string instance)
        {
            var settings = fleet.Settings(ImageUpdatingRegistration.ServiceName, instance);
            settings["Kit:Repository:Url"] = daemon.Url("deployments.git");
            return settings;
        }

        using var doomed = ServiceProcess.Start("image-deployer-a", "Kit.ImageDeployer", Settings("-a"));
        await Consumers.WaitAsync(vhost, "image-built", 1, [doomed]);
        var before = Fleetwide.Tip(pipeline);
        var image = Fleetwide.Image("7.0.0");
        var clock = Stopwatch.StartNew();
        await fleet.Bus.Publish(image);
        await Eventually.TrueAsync(() => File.Exists(pushed), TimeSpan.FromSeconds(60),
            () => "the image-deployer never pushed: " + string.Join('\n', doomed.Output.TakeLast(15)));
        doomed.Kill();
        File.Delete(hook);
        var tip = Fleetwide.Tip(pipeline);
        var announced = fleet.Progress.For(image.CorrelationId).Committed;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed image-deployer-a after its push ({before[..8]} -> {tip[..8]}), ManifestsCommitted published: {announced is not null}");
        Assert.NotEqual(before, tip);
        Assert.Null(announced);

        using var survivor = ServiceProcess.Start("image-deployer-b", "Kit.ImageDeployer", Settings("-b"));
        var killedAt = clock.Elapsed;
        var (completed, times) = await fleet.CompletedAsync(image.CorrelationId, TimeSpan.FromSeconds(120));
        var commits = CommitsFor(pipeline, image.CorrelationId);
        output.WriteLine($"image-deployer-b took the redelivered ImageBuilt: DeploymentCompleted {(clock.Elapsed - killedAt).TotalSeconds:0.0} s after the kill, " +
            $"{completed.Succeeded}/{completed.Total} succeeded, received {times} time(s); {commits} commit(s) carry the deployment id; " +
            $"announced commit {fleet.Progress.For(image.CorrelationId).Committed?.CommitSha[..8]}; tip {Fleetwide.Tip(pipeline)[..8]}");

        Assert.Equal(1, commits);
        Assert.Equal(tip, Fleetwide.Tip(pipeline));
        Assert.Equal(tip, fleet.Progress.For(image.CorrelationId).Committed!.CommitSha);
        Assert.Equal(1, times);
        Assert.Equal(Clusters, completed.Succeeded);
        Assert.All(pipeline.ClusterNames, c => Assert.Contains(image.Image, pipeline.DeployedImages(c)));
    }

    static int CommitsFor(Pipeline pipeline, Guid deploymentId)
    {
        using var repo = new Repository(pipeline.Repository);
        return repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = repo.Branches["main"].Tip })
            .Count(c => c.Message.Contains($"Kit-Deployment-Id: {deploymentId}", StringComparison.Ordinal));
    }
}
