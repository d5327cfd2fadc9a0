using System.Diagnostics;
using Kit.Cli.Commands;
using Kit.Cli.Demo;
using Kit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit up`: every service in one process, deploying what people push to the deployments repository.</summary>
public sealed class UpCommandTests(ITestOutputHelper output)
{
    const double PollSeconds = 2;

    [Fact]
    public async Task A_pushed_commit_reaches_every_cluster_within_the_poll_interval_plus_ten_seconds()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var progress = new DeploymentProgress();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", PollSeconds, null, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(request, x => x.AddConsumer<ProgressConsumer>(), b => b.Services.AddSingleton(progress));
        await app.StartAsync();
        try
        {
            const string image = "registry.example.com/team/hello:3.1.4";
            var clock = Stopwatch.StartNew();
            var sha = BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
            {
                ["images/hello/main.yaml"] = $"image: {image}\n",
            }, "Roll hello to 3.1.4 by hand");

            var limit = TimeSpan.FromSeconds(PollSeconds + 10);
            await Eventually.HoldsAsync(() => pipeline.ClusterNames.All(c => pipeline.DeployedImages(c).Contains(image)), limit - clock.Elapsed);

            output.WriteLine($"commit {sha[..7]} on every cluster after {clock.Elapsed.TotalSeconds:0.0} s (limit {limit.TotalSeconds} s)");
            Assert.All(pipeline.ClusterNames, c => Assert.Contains(image, pipeline.DeployedImages(c)));
            var deployment = Assert.Single(progress.All(), d => d.Committed?.CommitSha == sha);
            Assert.Equal(pipeline.ClusterNames.Order(), deployment.Planned!.Clusters.Order());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
