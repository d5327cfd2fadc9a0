using System.Diagnostics;
using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit up` on the real broker deploys what the branch holds when it starts, with no new commit needed.</summary>
public sealed class StartupDeployTests(ITestOutputHelper output)
{
    // Far beyond the test: anything deployed comes from the start-up announcement, not from a poll.
    const double PollSeconds = 3_600;
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kit_up_on_an_existing_repository_deploys_it()
    {
        await using var pipeline = await Pipeline.StartAsync();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("up-existing");
        var image = TipImage(pipeline);
        Assert.All(pipeline.ClusterNames, c => Assert.Empty(pipeline.DeployedImages(c)));

        await RunAsync(pipeline, vhost, async () =>
        {
            var clock = Stopwatch.StartNew();
            Assert.True(await Eventually.HoldsAsync(() => pipeline.ClusterNames.All(c => pipeline.DeployedImages(c).Contains(image)), Deadline),
                $"{image} is not on every cluster: " + string.Join("; ", pipeline.ClusterNames.Select(c => $"{c}: {string.Join(",", pipeline.DeployedImages(c))}")));
            output.WriteLine($"the existing repository was on every cluster {clock.Elapsed.TotalSeconds:0.0} s after kit up started");
        });
    }

    [Fact]
    public async Task A_commit_made_while_kit_was_stopped_deploys_after_a_restart()
    {
        await using var pipeline = await Pipeline.StartAsync();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("up-restart");
        var first = TipImage(pipeline);
        await RunAsync(pipeline, vhost, async () =>
            Assert.True(await Eventually.HoldsAsync(() => pipeline.ClusterNames.All(c => pipeline.DeployedImages(c).Contains(first)), Deadline), "kit up deployed nothing"));

        const string image = "registry.example.com/team/hello:9.9.9";
        var sha = BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["images/hello/main.yaml"] = $"image: {image}\n",
        }, "Roll hello to 9.9.9 while kit is stopped");

        await RunAsync(pipeline, vhost, async () =>
        {
            var clock = Stopwatch.StartNew();
            Assert.True(await Eventually.HoldsAsync(() => pipeline.ClusterNames.All(c => pipeline.DeployedImages(c).Contains(image)), Deadline),
                $"commit {sha[..8]} is not on every cluster: " + string.Join("; ", pipeline.ClusterNames.Select(c => $"{c}: {string.Join(",", pipeline.DeployedImages(c))}")));
            output.WriteLine($"commit {sha[..8]}, made while kit was stopped, was on every cluster {clock.Elapsed.TotalSeconds:0.0} s after the restart");
        });
    }

    /// <summary>Runs `kit up` on the broker until <paramref name="body"/> is done, then stops it as Ctrl+C would.</summary>
    static async Task RunAsync(Pipeline pipeline, RabbitMqVirtualHost vhost, Func<Task> body)
    {
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", PollSeconds, vhost.ConnectionString, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(request);
        await app.StartAsync();
        try
        {
            await body();
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The hello image the branch's tip names.</summary>
    static string TipImage(Pipeline pipeline)
    {
        var tip = pipeline.Tip(out var repo);
        using (repo)
        {
            var text = ((LibGit2Sharp.Blob)tip["images/hello/main.yaml"].Target).GetContentText();
            return text.Split('\n').Single(l => l.StartsWith("image:", StringComparison.Ordinal))["image:".Length..].Trim();
        }
    }
}
