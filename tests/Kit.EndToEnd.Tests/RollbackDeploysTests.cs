using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Cli.Demo;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.EndToEnd.Tests;

/// <summary><c>kit rollback</c> on a running <c>kit up</c> over the real broker: the rollback commit is deployed, once.</summary>
public sealed class RollbackDeploysTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_rollback_commit_is_noticed_by_the_watcher_and_deployed_once_to_every_cluster()
    {
        await using var pipeline = await Pipeline.StartAsync();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("e2e-rollback");
        var progress = new DeploymentProgress();
        var completions = new Completions();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", 0.2, vhost.ConnectionString, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(
            request,
            x =>
            {
                x.AddConsumer<ProgressConsumer>();
                x.AddConsumer<CompletionCounter>();
            },
            b => b.Services.AddSingleton(progress).AddSingleton(completions));
        await app.StartAsync();
        try
        {
            var good = pipeline.Tip(out var before).Sha;
            before.Dispose();
            var image = SampleImage.Built(Pipeline.Image[(Pipeline.Image.LastIndexOf(':') + 1)..], message: "Greet faster");
            await app.Services.GetRequiredService<IBus>().Publish(image);
            await progress.CompletedAsync(image.CorrelationId, Deadline);
            Assert.Contains(Pipeline.Image, pipeline.DeployedImages(pipeline.ClusterNames[0]));

            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await RollbackCommand.Handler(new RollbackRequest(good, pipeline.Repository, "main", WorkDirectory: pipeline.Root.Combine("rollback")), output, error, CancellationToken.None);
            Assert.True(exit == ExitCodes.Ok, error.ToString());

            var rollback = pipeline.Tip(out var after).Sha;
            after.Dispose();
            var deployment = DeterministicGuid.ForCommit(GitUrls.Mask(pipeline.Repository), rollback);
            var completed = await progress.CompletedAsync(deployment, Deadline);

            Assert.Equal(rollback, completed.CommitSha);
            Assert.Equal(pipeline.ClusterNames.Count, completed.Succeeded);
            foreach (var cluster in pipeline.ClusterNames)
            {
                var images = pipeline.DeployedImages(cluster);
                Assert.DoesNotContain(Pipeline.Image, images);
                Assert.Contains("registry.example.com/team/hello:1.0.0", images);
            }

            // The counter's own queue may deliver after the progress probe's: wait for its first, then leave room for a wrong second.
            Assert.True(await Eventually.HoldsAsync(() => completions.Count(deployment) > 0, TimeSpan.FromSeconds(30)));
            await Task.Delay(1500);
            Assert.Equal(1, completions.Count(deployment));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
