using Kit.Contracts;
using Kit.Rendering;
using Kit.Testing.Tracking;
using Kit.Tracking.Queries;

namespace Kit.Tracking.Tests;

public sealed class DeploymentTrackerTests
{
    static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deployment_completes_once_when_every_planned_cluster_reported(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        var clusters = Events.Clusters(5);

        Assert.Null(await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", clusters), None));
        var completions = new List<DeploymentCompleted>();
        foreach (var cluster in clusters)
        {
            var outcome = cluster == "cluster-3" ? DeploymentOutcome.Failed : DeploymentOutcome.Succeeded;
            if (await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, cluster, "abc1234", outcome, outcome == DeploymentOutcome.Failed ? "Deployment/auth: CrashLoopBackOff" : null), None) is { } done)
            {
                completions.Add(done);
            }
        }

        var completed = Assert.Single(completions);
        Assert.Equal(id, completed.CorrelationId);
        Assert.Equal("abc1234", completed.CommitSha);
        Assert.Equal("registry.example.com/team/auth:1.4.2", completed.SourceImage);
        Assert.Equal((5, 4, 1, 0, 0), (completed.Total, completed.Succeeded, completed.Failed, completed.Skipped, completed.TimedOut));
        var failure = Assert.Single(completed.Failures);
        Assert.Equal("cluster-3", failure.Cluster);
        Assert.Contains("CrashLoopBackOff", failure.Reason);

        var view = await instance.Queries.DeploymentAsync(id, None);
        Assert.NotNull(view);
        Assert.Equal(DeploymentStatus.Failed, view.Status);
        Assert.Equal(new DeploymentProgress { Percent = 100, Total = 5, Completed = 5, Remaining = 0, Successful = 4, Failed = 1 }, view.Progress);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Redelivered_events_change_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        var clusters = Events.Clusters(3);
        var completions = new List<DeploymentCompleted?>
        {
            await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", clusters), None),
            await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", clusters), None),
            await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None),
            await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None),
            await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-2", "abc1234", DeploymentOutcome.Failed, "boom"), None),
        };
        var running = await instance.Queries.DeploymentAsync(id, None);
        Assert.Equal(DeploymentStatus.Running, running!.Status);
        Assert.Equal(new DeploymentProgress { Percent = 66, Total = 3, Completed = 2, Remaining = 1, Successful = 1, Failed = 1 }, running.Progress);

        completions.Add(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-3", "abc1234"), None));
        completions.Add(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-3", "abc1234"), None));
        completions.Add(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-2", "abc1234"), None));
        completions.Add(await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", clusters), None));

        var completed = Assert.Single(completions.OfType<DeploymentCompleted>());
        Assert.Equal((3, 2, 1), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal("boom", Assert.Single(completed.Failures).Reason);
        Assert.Empty(await instance.Tracker.CompleteOverdueAsync(None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_recorded_in_batches_complete_each_deployment_once_and_a_redelivered_one_changes_nothing_even_within_a_batch(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var clusters = Events.Clusters(4);
        Assert.Null(await instance.Tracker.PlannedAsync(Events.Planned(first, "abc1234", clusters), None));
        Assert.Null(await instance.Tracker.PlannedAsync(Events.Planned(second, "def5678", clusters), None));

        // One batch: two of the first deployment's clusters, every one of the second's but the last.
        var started = await instance.Tracker.ClusterDeployedAsync(
            [.. clusters.Take(2).Select(c => Events.Deployed(first, c, "abc1234")), .. clusters.SkipLast(1).Select(c => Events.Deployed(second, c, "def5678"))], None);
        // The next carries a report the first batch recorded (a redelivery), with a different outcome that must not count.
        var finished = await instance.Tracker.ClusterDeployedAsync(
            [Events.Deployed(first, "cluster-1", "abc1234", DeploymentOutcome.Failed, "late"), .. clusters.Skip(2).Select(c => Events.Deployed(first, c, "abc1234")), Events.Deployed(second, "cluster-4", "def5678", DeploymentOutcome.Failed, "boom")], None);
        var again = await instance.Tracker.ClusterDeployedAsync([Events.Deployed(second, "cluster-4", "def5678")], None);
        // A batch that holds one cluster's report twice: the first counts, the second changes nothing.
        var third = Guid.NewGuid();
        Assert.Null(await instance.Tracker.PlannedAsync(Events.Planned(third, "0123abc", [.. clusters.Take(2)]), None));
        var twice = await instance.Tracker.ClusterDeployedAsync(
            [Events.Deployed(third, "cluster-1", "0123abc"), Events.Deployed(third, "cluster-1", "0123abc", DeploymentOutcome.Failed, "late"), Events.Deployed(third, "cluster-2", "0123abc")], None);

        Assert.Empty(started);
        Assert.Empty(again);
        Assert.Equal((2, 2, 0), (Assert.Single(twice).Total, twice[0].Succeeded, twice[0].Failed));
        Assert.Equal(new[] { first, second }.Order(), finished.Select(c => c.CorrelationId).Order());
        var one = finished.Single(c => c.CorrelationId == first);
        var two = finished.Single(c => c.CorrelationId == second);
        Assert.Equal((4, 4, 0), (one.Total, one.Succeeded, one.Failed));
        Assert.Equal((4, 3, 1), (two.Total, two.Succeeded, two.Failed));
        Assert.Equal("boom", Assert.Single(two.Failures).Reason);
        Assert.Equal(DeploymentStatus.Succeeded, (await instance.Queries.DeploymentAsync(first, None))!.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_that_arrive_before_the_plan_count_when_it_arrives(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();

        Assert.Null(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-2", "abc1234"), None));
        Assert.Null(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234", DeploymentOutcome.Skipped), None));
        var early = await instance.Queries.DeploymentAsync(id, None);
        Assert.Equal(DeploymentStatus.Running, early!.Status);
        Assert.False(early.Planned);
        Assert.Equal((0, 2), (early.Progress.Percent, early.Progress.Completed));

        var completed = await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1", "cluster-2"), None);

        Assert.NotNull(completed);
        Assert.Equal((2, 1, 1, 0), (completed.Total, completed.Succeeded, completed.Skipped, completed.Failed));
        Assert.Equal("file:///deployments", completed.Repository);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task As_many_reports_as_planned_clusters_complete_nothing_while_a_planned_one_is_silent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();

        Assert.Null(await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1", "cluster-2"), None));
        Assert.Null(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None));
        // A cluster outside the plan (its folder came after the commit was planned) reports too: two reports, one planned cluster silent.
        Assert.Null(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-9", "abc1234"), None));
        Assert.Equal(DeploymentStatus.Running, (await instance.Queries.DeploymentAsync(id, None))!.Status);

        var completed = await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-2", "abc1234"), None);

        Assert.NotNull(completed);
        Assert.Equal(id, completed.CorrelationId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deadline_reports_silent_clusters_as_timed_out(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var instance = new TrackerInstance(database, time, deadlineSeconds: 60);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", Events.Clusters(3)), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None);

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await instance.Tracker.CompleteOverdueAsync(None));
        time.Advance(TimeSpan.FromSeconds(2));
        var completed = Assert.Single(await instance.Tracker.CompleteOverdueAsync(None));
        Assert.Empty(await instance.Tracker.CompleteOverdueAsync(None));

        Assert.Equal((3, 1, 2), (completed.Total, completed.Succeeded, completed.TimedOut));
        Assert.Equal(["cluster-2", "cluster-3"], completed.Failures.Select(f => f.Cluster).Order());
        Assert.All(completed.Failures, f => Assert.Equal(DeploymentOutcome.TimedOut, f.Outcome));

        // A cluster that reports late completes nothing again but its history tells the truth.
        Assert.Null(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-2", "abc1234"), None));
        var history = Assert.Single(await instance.Queries.HistoryAsync("cluster-2", 10, None));
        Assert.Equal(DeploymentOutcome.Succeeded, history.Outcome);
        Assert.Equal(DeploymentOutcome.TimedOut, Assert.Single(await instance.Queries.HistoryAsync("cluster-3", 10, None)).Outcome);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_tracker_instances_complete_a_deployment_exactly_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = new TrackerInstance(database);
        await using var second = new TrackerInstance(database);
        var instances = new[] { first, second };

        for (var round = 0; round < 4; round++)
        {
            var id = Guid.NewGuid();
            var clusters = Events.Clusters(8);

            // Every event goes to both instances at once, the plan last for half of the rounds.
            var events = clusters.Select(c => (Func<DeploymentTracker, Task<DeploymentCompleted?>>)(t =>
                t.ClusterDeployedAsync(Events.Deployed(id, c, "abc1234", c == "cluster-5" ? DeploymentOutcome.Failed : DeploymentOutcome.Succeeded, "x"), None))).ToList();
            Func<DeploymentTracker, Task<DeploymentCompleted?>> plan = t => t.PlannedAsync(Events.Planned(id, "abc1234", clusters), None);
            if (round % 2 == 0)
            {
                events.Insert(0, plan);
            }
            else
            {
                events.Add(plan);
            }

            var results = await Task.WhenAll(events.SelectMany(e => instances.Select(i => Task.Run(() => e(i.Tracker)))));

            var completed = Assert.Single(results.OfType<DeploymentCompleted>());
            Assert.Equal((8, 7, 1), (completed.Total, completed.Succeeded, completed.Failed));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Render_failure_of_one_cluster_counts_that_cluster_failed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1", "cluster-2"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None);

        var completed = await instance.Tracker.RenderFailedAsync(new RenderFailed
        {
            CorrelationId = id, Repository = "r", CommitSha = "abc1234", Cluster = "cluster-2",
            File = "clusters/cluster-2/cluster.yaml", Line = 7, Reason = "unknown variable replicas",
        }, None);

        Assert.NotNull(completed);
        Assert.Equal((2, 1, 1), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal("render failed: clusters/cluster-2/cluster.yaml:7: unknown variable replicas", Assert.Single(completed.Failures).Reason);
        Assert.Null(completed.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Render_failure_of_the_whole_commit_ends_the_deployment_failed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1", "cluster-2"), None);
        var failure = new RenderFailed { CorrelationId = id, Repository = "r", CommitSha = "abc1234", File = "base-var.yaml", Line = 3, Reason = "mapping expected" };

        var completed = await instance.Tracker.RenderFailedAsync(failure, None);
        Assert.Null(await instance.Tracker.RenderFailedAsync(failure, None));

        Assert.NotNull(completed);
        Assert.Equal("render failed: base-var.yaml:3: mapping expected", completed.Error);
        Assert.Equal(DeploymentStatus.Failed, (await instance.Queries.DeploymentAsync(id, None))!.Status);
    }

    [Fact]
    public async Task A_render_failure_as_the_deploymentizer_words_it_names_its_file_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1", "cluster-2"), None);

        // The deploymentizer's reason holds every error as path:line: message, the first one's file and line included.
        var completed = await instance.Tracker.RenderFailedAsync(new RenderFailed
        {
            CorrelationId = id, Repository = "r", CommitSha = "abc1234", File = "base-var.yaml", Line = 8,
            Reason = "base-var.yaml:8: malformed YAML: mapping values are not allowed here; type/prod-var.yaml:2: duplicated mapping key 'x'",
        }, None);

        Assert.Equal("render failed: base-var.yaml:8: malformed YAML: mapping values are not allowed here; type/prod-var.yaml:2: duplicated mapping key 'x'", completed!.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_commit_whose_every_cluster_failed_to_render_is_a_failed_deployment(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        var result = new RenderResult(
            [
                new ClusterManifests("cluster-1", null, false, [], [new RenderError("unknown variable replicas", "base-cluster.yaml", 4, "cluster-1")], []),
                new ClusterManifests("cluster-2", null, false, [], [new RenderError("unknown variable replicas", "base-cluster.yaml", 4, "cluster-2")], []),
            ],
            []);

        var completions = await PublishInOrderAsync(instance, DeploymentEvents.From(Commit(id), 1, result, DateTimeOffset.UtcNow));

        var completed = Assert.Single(completions);
        Assert.Equal((2, 0, 2), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal(["cluster-1", "cluster-2"], completed.Failures.Select(f => f.Cluster).Order().ToArray());
        var view = await instance.Queries.DeploymentAsync(id, None);
        Assert.Equal(DeploymentStatus.Failed, view!.Status);
        Assert.Equal(2, view.Progress.Failed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_commit_the_repository_stops_from_rendering_is_a_failed_deployment_whatever_arrives_first(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        var result = new RenderResult([], [new RenderError("mapping values are not allowed here", "base-var.yaml", 3)]);

        // The plan is consumed first here: alone, it must already say that nothing rendered.
        var completions = await PublishInOrderAsync(instance, DeploymentEvents.From(Commit(id), 1, result, DateTimeOffset.UtcNow));

        var completed = Assert.Single(completions);
        Assert.NotNull(completed.Error);
        Assert.StartsWith("render failed: base-var.yaml:3: ", completed.Error);
        Assert.EndsWith("mapping values are not allowed here", completed.Error);
        Assert.Equal(0, completed.Succeeded);
        var view = await instance.Queries.DeploymentAsync(id, None);
        Assert.Equal(DeploymentStatus.Failed, view!.Status);
        Assert.Equal(completed.Error, view.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_render_failure_outside_an_empty_plan_still_fails_the_deployment(string provider)
    {
        // An older deploymentizer planned only the clusters that rendered: its failure reports must still count.
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.RenderFailedAsync(new RenderFailed
        {
            CorrelationId = id, Repository = "r", CommitSha = "abc1234", Cluster = "cluster-1", File = "base-cluster.yaml", Line = 4, Reason = "unknown variable replicas",
        }, None);

        var completed = await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234"), None);

        Assert.NotNull(completed);
        Assert.Equal((1, 0, 1), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal(DeploymentStatus.Failed, (await instance.Queries.DeploymentAsync(id, None))!.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_held_back_allow_failure_cluster_is_reported_without_failing_the_deployment(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        var result = new RenderResult(
            [
                new ClusterManifests("cluster-1", null, false, [new RenderedFile("a.yaml", "kind: ConfigMap\n")], [], []),
                new ClusterManifests("cluster-2", null, true, [], [], [new RenderError("missing env file", "env/x.env", null, "cluster-2", "auth")]),
            ],
            []);
        var events = DeploymentEvents.From(Commit(id), 1, result, DateTimeOffset.UtcNow);

        var completions = await PublishInOrderAsync(instance, events);
        completions.Add((await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None))!);

        Assert.True(Assert.Single(events.Failed).AllowFailure);
        var completed = Assert.Single(completions.OfType<DeploymentCompleted>());
        Assert.Equal((1, 1, 0), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal(DeploymentStatus.Succeeded, (await instance.Queries.DeploymentAsync(id, None))!.Status);
    }

    static ManifestsCommitted Commit(Guid id) => new()
    {
        CorrelationId = id, Repository = "file:///deployments", Ref = "main", CommitSha = "abc1234", Cause = CommitCause.Push, CommittedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The deploymentizer's events in the order it publishes them; the completions they caused.</summary>
    static async Task<List<DeploymentCompleted>> PublishInOrderAsync(TrackerInstance instance, DeploymentEvents events)
    {
        var completions = new List<DeploymentCompleted?> { await instance.Tracker.PlannedAsync(events.Planned, None) };
        foreach (var failed in events.Failed)
        {
            completions.Add(await instance.Tracker.RenderFailedAsync(failed, None));
        }

        return completions.OfType<DeploymentCompleted>().ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Image_update_failure_ends_the_deployment_and_a_skipped_one_deploys_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var failed = Guid.NewGuid();
        var skipped = Guid.NewGuid();
        ImageUpdateFailed Update(Guid id, bool skip) => new()
        {
            CorrelationId = id, Image = "registry.example.com/team/auth:1.4.2", Repository = "auth", Branch = "main",
            File = "images/auth/main.yaml", Line = 2, Reason = skip ? "an older build" : "push rejected 5 times", Skipped = skip,
        };

        var failedCompletion = await instance.Tracker.ImageUpdateFailedAsync(Update(failed, skip: false), None);
        var skippedCompletion = await instance.Tracker.ImageUpdateFailedAsync(Update(skipped, skip: true), None);

        Assert.Equal("image update failed: images/auth/main.yaml:2: push rejected 5 times", failedCompletion!.Error);
        Assert.Equal("registry.example.com/team/auth:1.4.2", failedCompletion.SourceImage);
        Assert.Null(skippedCompletion!.Error);
        Assert.Equal(0, skippedCompletion.Total);
        Assert.Equal(DeploymentStatus.Failed, (await instance.Queries.DeploymentAsync(failed, None))!.Status);
        Assert.Equal(DeploymentStatus.NothingDeployed, (await instance.Queries.DeploymentAsync(skipped, None))!.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_completion_never_confirmed_as_published_is_published_again_after_the_lease(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var instance = new TrackerInstance(database, time);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "cluster-1"), None);
        Assert.NotNull(await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "cluster-1", "abc1234"), None));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await instance.Tracker.CompleteOverdueAsync(None));
        time.Advance(TimeSpan.FromSeconds(2));
        var again = Assert.Single(await instance.Tracker.CompleteOverdueAsync(None));
        Assert.Equal(id, again.CorrelationId);
        await instance.Tracker.MarkPublishedAsync(id, None);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(await instance.Tracker.CompleteOverdueAsync(None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Clusters_show_what_runs_now_and_history_shows_the_rollback_target(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var instance = new TrackerInstance(database, time);
        var firstId = Guid.NewGuid();
        var secondId = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(firstId, "aaaa111", "eu-1", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(firstId, "eu-1", "aaaa111") with { CompletedAt = time.GetUtcNow() }, None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(firstId, "us-1", "aaaa111") with { CompletedAt = time.GetUtcNow() }, None);
        time.Advance(TimeSpan.FromMinutes(5));
        await instance.Tracker.PlannedAsync(Events.Planned(secondId, "bbbb222", "eu-1", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(secondId, "eu-1", "bbbb222") with { CompletedAt = time.GetUtcNow() }, None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(secondId, "us-1", "bbbb222", DeploymentOutcome.RolledBack, "rollout timed out") with { CompletedAt = time.GetUtcNow() }, None);

        var clusters = await instance.Queries.ClustersAsync(None);

        Assert.Equal(["eu-1", "us-1"], clusters.Select(c => c.Cluster));
        Assert.Equal(("bbbb222", DeploymentOutcome.Succeeded), (clusters[0].CurrentCommit, clusters[0].LastOutcome));
        Assert.Equal(["registry.example.com/team/auth:bbbb"], clusters[0].CurrentImages);
        Assert.Equal(("aaaa111", DeploymentOutcome.RolledBack, secondId), (clusters[1].CurrentCommit, clusters[1].LastOutcome, clusters[1].LastDeploymentId));
        var history = await instance.Queries.HistoryAsync("eu-1", 10, None);
        Assert.Equal(["bbbb222", "aaaa111"], history.Select(h => h.CommitSha));
        Assert.Empty(await instance.Queries.HistoryAsync("nowhere", 10, None));
        var deployments = await instance.Queries.DeploymentsAsync(10, None);
        Assert.Equal([secondId, firstId], deployments.Select(d => d.Id));
        Assert.Equal([DeploymentStatus.Failed, DeploymentStatus.Succeeded], deployments.Select(d => d.Status));
    }
}
