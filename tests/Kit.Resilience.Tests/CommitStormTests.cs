using System.Diagnostics;
using Kit.Contracts;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.Testing;
using MassTransit;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class CommitStormTests(ITestOutputHelper output)
{
    const int Clusters = 20;
    const int Commits = 50;

    [Fact]
    public async Task Fifty_commits_in_quick_succession_leave_every_cluster_at_the_last_commit_and_never_go_back()
    {
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 0.2);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("storm");
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url);
        var before = Fleetwide.History(pipeline).Count;

        // Someone pushes 50 commits one after the other; each push is announced as the webhook would.
        var clock = Stopwatch.StartNew();
        var announced = new List<ManifestsCommitted>();
        using (var clone = new TempDirectory("kit-storm"))
        {
            LibGit2Sharp.Repository.Clone(pipeline.Repository, clone.Path);
            using var repo = new LibGit2Sharp.Repository(clone.Path);
            var who = new LibGit2Sharp.Signature("Grace Hopper", "grace@example.com", DateTimeOffset.UtcNow);
            for (var i = 1; i <= Commits; i++)
            {
                File.WriteAllText(Path.Combine(clone.Path, "images", "hello", "main.yaml"), $"image: registry.example.com/team/hello:3.0.{i}\n");
                LibGit2Sharp.Commands.Stage(repo, "images/hello/main.yaml");
                var commit = repo.Commit($"hello 3.0.{i}", who, who, new LibGit2Sharp.CommitOptions());
                repo.Network.Push(repo.Network.Remotes["origin"], "refs/heads/main:refs/heads/main");
                var message = new ManifestsCommitted
                {
                    CorrelationId = NewId.NextGuid(),
                    Repository = pipeline.Repository,
                    Ref = "main",
                    CommitSha = commit.Sha,
                    ChangedPaths = ["images/hello/main.yaml"],
                    Cause = CommitCause.Push,
                    CommittedAt = DateTimeOffset.UtcNow,
                };
                announced.Add(message);
                await fleet.Bus.Publish(message);
            }
        }

        output.WriteLine($"pushed and announced {Commits} commits for {Clusters} clusters in {clock.Elapsed.TotalSeconds:0.0} s");
        var last = announced[^1].CommitSha;
        Assert.Equal(last, Fleetwide.Tip(pipeline));
        await Eventually.TrueAsync(
            () => pipeline.ClusterNames.All(c => Fleetwide.CommitOf(pipeline, c) == last),
            TimeSpan.FromSeconds(180),
            () => $"at the last commit {pipeline.ClusterNames.Count(c => Fleetwide.CommitOf(pipeline, c) == last)}/{Clusters}");
        var converged = clock.Elapsed;
        await Eventually.TrueAsync(
            () => announced.All(m => fleet.Progress.For(m.CorrelationId).Completion.Task.IsCompleted),
            TimeSpan.FromSeconds(60),
            () => $"DeploymentCompleted for {announced.Count(m => fleet.Progress.For(m.CorrelationId).Completion.Task.IsCompleted)}/{Commits}");
        await Eventually.TrueAsync(
            () => announced.All(m => fleet.Completions.Count(m.CorrelationId) > 0),
            TimeSpan.FromSeconds(10),
            () => "the counter missed a DeploymentCompleted");
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show up

        var history = Fleetwide.History(pipeline);
        var violations = pipeline.ClusterNames.SelectMany(c => Fleetwide.OutOfOrderWrites(pipeline, c, history)).ToList();
        var writes = pipeline.ClusterNames.Sum(c => pipeline.Clusters.Cluster(c).RequestLog.Count(e => e.IsWrite));
        var deployedCommits = pipeline.ClusterNames
            .SelectMany(c => pipeline.Clusters.Cluster(c).RequestLog.Where(e => e.IsWrite).Select(e => e.Labels?.GetValueOrDefault(Kit.Kubernetes.Marks.Commit)))
            .Where(s => s is not null).Distinct().Count();
        var failures = announced.SelectMany(m => fleet.Progress.For(m.CorrelationId).Failures).ToList();
        var skipped = announced.Sum(m => fleet.Progress.For(m.CorrelationId).Clusters.Values.Count(c => c.Outcome == DeploymentOutcome.Skipped));
        output.WriteLine($"{history.Count - before} new commits; every cluster at the last commit {last[..8]} after {converged.TotalSeconds:0.0} s; " +
            $"{deployedCommits} distinct commits applied, {writes} writes in all, {fleet.Completions.Total} DeploymentCompleted ({skipped} cluster deployments skipped as stale or unchanged), " +
            $"{violations.Count} out-of-order writes, {failures.Count} failures");
        foreach (var line in violations.Take(10).Concat(failures.Take(10)))
        {
            output.WriteLine("  " + line);
        }

        Assert.Empty(violations);
        Assert.Empty(failures);
        Assert.Equal(Commits, history.Count - before);
        Assert.All(announced, m => Assert.Equal(1, fleet.Completions.Count(m.CorrelationId)));
        Assert.All(pipeline.ClusterNames, c => Assert.Contains("registry.example.com/team/hello:3.0.50", pipeline.DeployedImages(c)));
    }
}
