using Kit.Contracts;
using Kit.Testing.Tracking;
using Microsoft.EntityFrameworkCore;

namespace Kit.Tracking.Tests;

/// <summary>The tracker records each cluster's latest drift and clusters orphaned by a removed folder.</summary>
public sealed class DriftAndOrphanTests
{
    static readonly CancellationToken None = CancellationToken.None;
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 20, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_latest_drift_of_each_cluster_is_recorded_and_an_older_one_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "eu-1", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "eu-1", "abc1234"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "us-1", "abc1234"), None);

        await instance.Drift.RecordAsync(Drift(id, "eu-1", "sig-a", T0, healed: false), None);
        await instance.Drift.RecordAsync(Drift(id, "eu-1", "sig-a", T0.AddMinutes(5), healed: true), None);
        await instance.Drift.RecordAsync(Drift(id, "eu-1", "sig-old", T0.AddMinutes(-5), healed: false), None);

        var clusters = await instance.Queries.ClustersAsync(None);
        var drift = clusters.Single(c => c.Cluster == "eu-1").Drift;
        Assert.NotNull(drift);
        Assert.Equal(("sig-a", true, T0.AddMinutes(5), T0), (drift.Signature, drift.Healed, drift.DetectedAt, drift.Since));
        Assert.Equal(("abc1234", id), (drift.CommitSha, drift.DeploymentId));
        var drifted = Assert.Single(drift.Objects);
        Assert.Equal(("Deployment", "default", "hello"), (drifted.Kind, drifted.Namespace, drifted.Name));
        Assert.Equal(["spec.replicas: 5 -> 2"], drifted.Fields);
        Assert.Equal(["kubectl-scale"], drifted.Managers);
        Assert.Null(clusters.Single(c => c.Cluster == "us-1").Drift);

        // A new episode restarts the "since".
        await instance.Drift.RecordAsync(Drift(id, "eu-1", "sig-b", T0.AddMinutes(10), healed: false) with { Error = "apply refused" }, None);
        drift = (await instance.Queries.ClustersAsync(None)).Single(c => c.Cluster == "eu-1").Drift!;
        Assert.Equal(("sig-b", false, "apply refused", T0.AddMinutes(10)), (drift.Signature, drift.Healed, drift.Error, drift.Since));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cluster_skipped_as_orphaned_is_shown_orphaned_until_it_deploys_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var first = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(first, "abc1234", "eu-1", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(first, "eu-1", "abc1234"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(first, "us-1", "abc1234"), None);
        var removal = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(removal, "def5678", "eu-1", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(removal, "eu-1", "def5678"), None);

        var completed = await instance.Tracker.ClusterDeployedAsync(Events.Deployed(removal, "us-1", "def5678", DeploymentOutcome.Skipped) with { SkipReason = "orphaned" }, None);

        Assert.NotNull(completed);
        Assert.Equal((2, 1, 1, 0), (completed.Total, completed.Succeeded, completed.Skipped, completed.Unchanged));
        var clusters = await instance.Queries.ClustersAsync(None);
        var orphaned = clusters.Single(c => c.Cluster == "us-1");
        Assert.True(orphaned.Orphaned);
        Assert.Equal(("orphaned", "abc1234"), (orphaned.LastSkipReason, orphaned.CurrentCommit));
        Assert.False(clusters.Single(c => c.Cluster == "eu-1").Orphaned);
        Assert.Equal("orphaned", (await instance.Queries.HistoryAsync("us-1", 10, None))[0].SkipReason);

        var back = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(back, "0a0b0c0", "us-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(back, "us-1", "0a0b0c0"), None);
        Assert.False((await instance.Queries.ClustersAsync(None)).Single(c => c.Cluster == "us-1").Orphaned);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_completion_carries_the_cause_and_how_many_clusters_were_unchanged(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "eu-1", "us-1") with { Cause = CommitCause.Startup }, None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "eu-1", "abc1234", DeploymentOutcome.Skipped) with { SkipReason = "unchanged" }, None);

        var completed = await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "us-1", "abc1234", DeploymentOutcome.Skipped) with { SkipReason = "unchanged" }, None);

        Assert.NotNull(completed);
        Assert.Equal((CommitCause.Startup, 2, 2, 2), (completed.Cause, completed.Total, completed.Skipped, completed.Unchanged));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_of_an_earlier_tracker_gains_the_drift_table_and_the_skip_reason_at_start(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Context())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE cluster_drift");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE cluster_reports DROP COLUMN \"SkipReason\"");
        }

        await using (var db = database.Context())
        {
            await Kit.Tracking.Storage.TrackerDatabase.EnsureSchemaAsync(db, None);
            await Kit.Tracking.Storage.TrackerDatabase.EnsureSchemaAsync(db, None);
        }

        await using var instance = new TrackerInstance(database);
        var id = Guid.NewGuid();
        await instance.Tracker.PlannedAsync(Events.Planned(id, "abc1234", "eu-1"), None);
        await instance.Tracker.ClusterDeployedAsync(Events.Deployed(id, "eu-1", "abc1234", DeploymentOutcome.Skipped) with { SkipReason = "orphaned" }, None);
        await instance.Drift.RecordAsync(Drift(id, "eu-1", "sig-a", T0, healed: true), None);
        var cluster = Assert.Single(await instance.Queries.ClustersAsync(None));
        Assert.True(cluster.Orphaned);
        Assert.Equal("sig-a", cluster.Drift?.Signature);
    }

    static DriftDetected Drift(Guid id, string cluster, string signature, DateTimeOffset at, bool healed) => new()
    {
        CorrelationId = id,
        Cluster = cluster,
        Repository = "file:///deployments",
        Ref = "main",
        CommitSha = "abc1234",
        Sequence = 7,
        Objects =
        [
            new DriftedObject { Kind = "Deployment", Namespace = "default", Name = "hello", Fields = ["spec.replicas: 5 -> 2"], Managers = ["kubectl-scale"] },
        ],
        Signature = signature,
        Healed = healed,
        DetectedAt = at,
    };
}
