using Kit.Cli.Commands;
using Kit.Contracts;
using Kit.Testing;
using Kit.Testing.Tracking;
using Spectre.Console.Testing;

namespace Kit.Cli.Tests;

/// <summary><c>kit status</c> shows drift and orphaned clusters; <c>kit status CLUSTER</c> also the previous good commits.</summary>
public sealed class ClusterStatusTests
{
    static readonly CancellationToken None = CancellationToken.None;
    const string C1 = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    const string C2 = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
    const string C3 = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";

    [Fact]
    public async Task Status_shows_each_clusters_drift_and_the_orphaned_clusters()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        var ids = await RecordAsync(tracker);
        using var http = new HttpClient();
        var console = new TestConsole().Width(250);

        var code = await StatusCommand.Handler(Request(tracker, null), console, http, None);

        Assert.Equal(ExitCodes.Ok, code);
        var eu = Line(console.Output, "eu-1");
        Assert.Contains("drifted: Deployment default/hello spec.replicas", eu);
        var us = Line(console.Output, "us-1");
        Assert.Contains("orphaned", us);
        Assert.DoesNotContain("unchanged", us);
        Assert.Contains(ids[1].ToString(), console.Output);
    }

    [Fact]
    public async Task Status_of_a_cluster_lists_its_previous_good_commits_newest_first_and_its_drift()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        var ids = await RecordAsync(tracker);
        using var http = new HttpClient();
        var console = new TestConsole().Width(250);

        var code = await StatusCommand.Handler(Request(tracker, "eu-1"), console, http, None);

        Assert.Equal(ExitCodes.Ok, code);
        var output = console.Output;
        Assert.Contains("Cluster eu-1", output);
        Assert.Contains("Previous good commits", output);
        var second = output.IndexOf(C2, output.IndexOf("Previous good commits", StringComparison.Ordinal), StringComparison.Ordinal);
        var first = output.IndexOf(C1, output.IndexOf("Previous good commits", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(second > 0 && first > second, output);
        Assert.Contains($"{C2} (current)", output);
        Assert.DoesNotContain(C3, output[output.IndexOf("Previous good commits", StringComparison.Ordinal)..]);
        Assert.Contains(ids[0].ToString(), output);
        Assert.Contains(ids[1].ToString(), output);
        Assert.Contains("Deployment default/hello: spec.replicas: 5 -> 2 (by kubectl-scale)", output);

        var orphaned = new TestConsole().Width(250);
        Assert.Equal(ExitCodes.Ok, await StatusCommand.Handler(Request(tracker, "us-1"), orphaned, http, None));
        Assert.Contains("orphaned: its folder was removed from the repository", orphaned.Output);

        var unknown = new TestConsole().Width(250);
        Assert.Equal(ExitCodes.Failed, await StatusCommand.Handler(Request(tracker, "nowhere-1"), unknown, http, None));
        Assert.Contains("the tracker knows no cluster nowhere-1", unknown.Output);
    }

    static StatusRequest Request(TrackerApp tracker, string? argument) =>
        new(argument, false, tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    static string Line(string output, string cluster) =>
        output.Split('\n').Single(l => l.Contains($" {cluster} ", StringComparison.Ordinal) && l.Contains('│'));

    /// <summary>
    /// eu-1 deployed at C1, then C2, then failed at C3, and drifted; us-1 deployed at C1 and was then orphaned
    /// (its folder removed at C2).
    /// </summary>
    static async Task<Guid[]> RecordAsync(TrackerApp tracker)
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await tracker.Bus.Publish(Events.Planned(ids[0], C1, "eu-1", "us-1"));
        await tracker.Bus.Publish(Events.Deployed(ids[0], "eu-1", C1) with { CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-30) });
        await tracker.Bus.Publish(Events.Deployed(ids[0], "us-1", C1) with { CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-30) });
        await tracker.Bus.Publish(Events.Planned(ids[1], C2, "eu-1", "us-1"));
        await tracker.Bus.Publish(Events.Deployed(ids[1], "eu-1", C2) with { CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-20) });
        await tracker.Bus.Publish(Events.Deployed(ids[1], "us-1", C2, DeploymentOutcome.Skipped) with { SkipReason = "orphaned", CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-20) });
        await tracker.Bus.Publish(Events.Planned(ids[2], C3, "eu-1"));
        await tracker.Bus.Publish(Events.Deployed(ids[2], "eu-1", C3, DeploymentOutcome.Failed, "Deployment/hello: CrashLoopBackOff") with { CompletedAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
        await tracker.Bus.Publish(new DriftDetected
        {
            CorrelationId = ids[1],
            Cluster = "eu-1",
            Repository = "file:///deployments",
            Ref = "main",
            CommitSha = C2,
            Objects = [new DriftedObject { Kind = "Deployment", Namespace = "default", Name = "hello", Fields = ["spec.replicas: 5 -> 2"], Managers = ["kubectl-scale"] }],
            Signature = "5d41402abc4b2a76",
            DetectedAt = DateTimeOffset.UtcNow,
        });

        using var http = new HttpClient { BaseAddress = tracker.Address };
        var recorded = await Eventually.HoldsAsync(async () =>
        {
            var body = await http.GetStringAsync("api/clusters").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
            return body.Contains("5d41402abc4b2a76") && body.Contains("\"orphaned\":true") && body.Contains("CrashLoopBackOff");
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(recorded, "the tracker never recorded the cluster reports and the drift");
        return ids;
    }
}
