using System.Text.Json;
using Kit.Contracts;
using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kit.Tracking.Queries;

/// <summary>The tracker's read side: deployments, clusters and their history.</summary>
public sealed class TrackerQueries(IDbContextFactory<TrackerDbContext> contexts)
{
    /// <summary>The skip reason of a cluster whose folder was removed and whose objects were kept.</summary>
    public const string OrphanedReason = "orphaned";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<DeploymentView>> DeploymentsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deployments = await db.Deployments.AsNoTracking().OrderByDescending(d => d.FirstSeenAt).Take(limit).ToListAsync(cancellationToken);
        var ids = deployments.Select(d => d.Id).ToList();
        var planned = (await db.PlannedClusters.Where(p => ids.Contains(p.DeploymentId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.DeploymentId, p => p.Cluster);
        var reports = (await db.ClusterReports.AsNoTracking().Where(r => ids.Contains(r.DeploymentId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.DeploymentId);
        return deployments.Select(d => View(d, planned[d.Id].ToList(), reports[d.Id].ToList(), withClusters: false)).ToList();
    }

    public async Task<DeploymentView?> DeploymentAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (deployment is null)
        {
            return null;
        }

        var planned = await db.PlannedClusters.Where(p => p.DeploymentId == id).Select(p => p.Cluster).ToListAsync(cancellationToken);
        var reports = await db.ClusterReports.AsNoTracking().Where(r => r.DeploymentId == id).ToListAsync(cancellationToken);
        return View(deployment, planned, reports, withClusters: true);
    }

    /// <summary>
    /// The ids that start with <paramref name="hex"/> (from <see cref="DeploymentIds.TryParse"/>), at most
    /// <paramref name="limit"/>; a whole id is returned as is, whether or not it exists.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> MatchingIdsAsync(string hex, int limit, CancellationToken cancellationToken)
    {
        if (hex.Length == 32)
        {
            return [Guid.ParseExact(hex, "N")];
        }

        // Ids are GUIDs in PostgreSQL and text in SQLite, so no prefix match translates to both; reading the
        // ids alone is cheap enough for a lookup a person types.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Deployments.AsNoTracking().Select(d => d.Id).ToListAsync(cancellationToken);
        return ids.Where(id => id.ToString("N").StartsWith(hex, StringComparison.Ordinal)).Order().Take(limit).ToList();
    }

    public async Task<IReadOnlyList<ClusterView>> ClustersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ClusterReports.AsNoTracking()
            .GroupBy(r => r.Cluster)
            .Select(g => g.OrderByDescending(r => r.ReportedAt).First())
            .ToListAsync(cancellationToken);
        var current = (await db.ClusterReports.AsNoTracking()
            .Where(r => r.Outcome == DeploymentOutcome.Succeeded)
            .GroupBy(r => r.Cluster)
            .Select(g => g.OrderByDescending(r => r.ReportedAt).First())
            .ToListAsync(cancellationToken)).ToDictionary(r => r.Cluster, StringComparer.Ordinal);
        var drift = (await db.ClusterDrift.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(d => d.Cluster, StringComparer.Ordinal);
        return last.OrderBy(r => r.Cluster, StringComparer.Ordinal).Select(r =>
        {
            var now = current.GetValueOrDefault(r.Cluster);
            return new ClusterView
            {
                Cluster = r.Cluster,
                CurrentCommit = now?.CommitSha,
                CurrentImages = now is null ? [] : Lines(now.Images),
                CurrentDeploymentId = now?.DeploymentId,
                DeployedAt = now?.ReportedAt,
                LastOutcome = r.Outcome,
                LastDeploymentId = r.DeploymentId,
                LastReportedAt = r.ReportedAt,
                LastError = r.Error,
                LastSkipReason = r.SkipReason,
                Orphaned = r.Outcome == DeploymentOutcome.Skipped && r.SkipReason == OrphanedReason,
                Drift = drift.GetValueOrDefault(r.Cluster) is { } d ? Drift(d) : null,
            };
        }).ToList();
    }

    /// <summary>The cluster's deployments, newest first; empty when the cluster is unknown.</summary>
    public async Task<IReadOnlyList<ClusterHistoryEntry>> HistoryAsync(string cluster, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ClusterReports.AsNoTracking()
            .Where(r => r.Cluster == cluster)
            .OrderByDescending(r => r.ReportedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ClusterHistoryEntry
        {
            DeploymentId = r.DeploymentId,
            CommitSha = r.CommitSha,
            Images = Lines(r.Images),
            Outcome = r.Outcome,
            SkipReason = r.SkipReason,
            Error = r.Error,
            ReportedAt = r.ReportedAt,
            Duration = TimeSpan.FromMilliseconds(r.DurationMilliseconds),
        }).ToList();
    }

    static DeploymentView View(DeploymentRow d, IReadOnlyCollection<string> planned, IReadOnlyList<ClusterReportRow> reports, bool withClusters)
    {
        var counted = DeploymentSummary.Counted(d, planned, reports);
        var byCluster = reports.ToDictionary(r => r.Cluster, StringComparer.Ordinal);
        var progress = DeploymentSummary.Progress(counted.Count, counted.Select(byCluster.GetValueOrDefault).OfType<ClusterReportRow>().Select(r => r.Outcome));
        if (!d.Planned && d.CompletedAt is null)
        {
            // Reports came before the plan: how many clusters there are is not known yet.
            progress = progress with { Percent = 0 };
        }

        var status = d.CompletedAt is null ? DeploymentStatus.Running
            : d.AbortReason is not null && !d.AbortIsFailure ? DeploymentStatus.NothingDeployed
            : d.AbortReason is not null || progress.Failed > 0 ? DeploymentStatus.Failed
            : DeploymentStatus.Succeeded;
        return new DeploymentView
        {
            Id = d.Id,
            CommitSha = d.CommitSha ?? reports.Select(r => r.CommitSha).FirstOrDefault(c => c.Length > 0),
            Repository = d.Repository,
            Ref = d.Ref,
            Cause = d.Cause,
            SourceImage = d.SourceImage,
            Status = status,
            Planned = d.Planned,
            Progress = progress,
            Error = d.AbortReason,
            StartedAt = d.PlannedAt ?? d.FirstSeenAt,
            CompletedAt = d.CompletedAt,
            DeadlineAt = d.DeadlineAt,
            Clusters = withClusters ? Clusters(counted, planned, reports) : null,
        };
    }

    static List<ClusterProgressView> Clusters(IReadOnlyList<string> counted, IReadOnlyCollection<string> planned, IReadOnlyList<ClusterReportRow> reports)
    {
        var byCluster = reports.ToDictionary(r => r.Cluster, StringComparer.Ordinal);
        var plannedSet = planned.ToHashSet(StringComparer.Ordinal);
        return counted.Concat(reports.Select(r => r.Cluster).Where(c => !counted.Contains(c))).Select(c =>
        {
            var r = byCluster.GetValueOrDefault(c);
            return new ClusterProgressView
            {
                Cluster = c,
                Outcome = r?.Outcome,
                SkipReason = r?.SkipReason,
                Error = r?.Error,
                Images = r is null ? [] : Lines(r.Images),
                Duration = r is null ? null : TimeSpan.FromMilliseconds(r.DurationMilliseconds),
                ReportedAt = r?.ReportedAt,
                Planned = plannedSet.Contains(c),
            };
        }).ToList();
    }

    static ClusterDriftView Drift(ClusterDriftRow d) => new()
    {
        CommitSha = d.CommitSha,
        DeploymentId = d.DeploymentId,
        Objects = JsonSerializer.Deserialize<List<DriftedObject>>(d.Objects, Json) ?? [],
        Signature = d.Signature,
        Healed = d.Healed,
        Error = d.Error,
        DetectedAt = d.DetectedAt,
        Since = d.FirstDetectedAt,
    };

    static string[] Lines(string images) => images.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
