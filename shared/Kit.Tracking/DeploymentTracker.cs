using System.Collections.Concurrent;
using Kit.Contracts;
using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kit.Tracking;

/// <summary>
/// Aggregates a deployment's events into its state and decides, exactly once across every tracker
/// instance on one database, when it is complete. Each method returns the
/// <see cref="DeploymentCompleted"/> to publish when this call completed the deployment, else null;
/// after publishing, call <see cref="MarkPublishedAsync"/>.
/// </summary>
public sealed class DeploymentTracker(
    IDbContextFactory<TrackerDbContext> contexts,
    IOptions<TrackerSettings> settings,
    TimeProvider time,
    ILogger<DeploymentTracker> logger)
{
    /// <summary>Deployments whose row exists (rows are never deleted): their later events need not ask the database.</summary>
    readonly ConcurrentDictionary<Guid, byte> known = new();

    public async Task<DeploymentCompleted?> PlannedAsync(DeploymentPlanned message, CancellationToken cancellationToken)
    {
        var id = message.CorrelationId;
        await EnsureDeploymentAsync(id, cancellationToken);
        // Clusters that failed to render are planned too: their RenderFailed reports count them failed.
        var clusters = message.Clusters.Concat(message.FailedClusters ?? []).Distinct(StringComparer.Ordinal).ToList();
        await InsertIgnoringDuplicatesAsync(clusters.Select(c => new PlannedClusterRow { DeploymentId = id, Cluster = c }).ToList(), cancellationToken);

        // Only now, with every planned row in place, may another instance see the plan.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plannedAt = (message.PlannedAt == default ? time.GetUtcNow() : message.PlannedAt).ToUniversalTime();
        var first = await db.Deployments.Where(d => d.Id == id && !d.Planned).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Planned, true)
            .SetProperty(d => d.PlannedCount, clusters.Count)
            .SetProperty(d => d.Repository, message.Repository)
            .SetProperty(d => d.Ref, message.Ref)
            .SetProperty(d => d.CommitSha, message.CommitSha)
            .SetProperty(d => d.Cause, message.Cause)
            .SetProperty(d => d.SourceImage, d => message.SourceImage ?? d.SourceImage)
            .SetProperty(d => d.PlannedAt, plannedAt), cancellationToken);
        if (first == 1)
        {
            logger.LogInformation("Deployment {DeploymentId} of {Commit} planned for {ClusterCount} clusters", id, message.CommitSha, clusters.Count);
        }

        // A plan that is empty because the repository could not be rendered is a failure, even before its RenderFailed arrives.
        return message.Failure is { } failure
            ? await RenderFailedAsync(failure, cancellationToken)
            : await TryCompleteAsync(id, force: false, cancellationToken);
    }

    public Task<DeploymentCompleted?> ClusterDeployedAsync(ClusterDeployed message, CancellationToken cancellationToken) =>
        ReportAsync(Report(message), cancellationToken);

    /// <summary>
    /// Records the reports of many clusters with one write, then tries once to complete each deployment they belong to.
    /// When one of them was recorded before or comes twice (a redelivery), each report is recorded on its own, as
    /// <see cref="ClusterDeployedAsync(ClusterDeployed, CancellationToken)"/> records it.
    /// </summary>
    public async Task<IReadOnlyList<DeploymentCompleted>> ClusterDeployedAsync(IReadOnlyList<ClusterDeployed> messages, CancellationToken cancellationToken)
    {
        var reports = messages.Select(Report).ToList();
        var deployments = reports.Select(r => r.DeploymentId).Distinct().ToList();
        var completed = new List<DeploymentCompleted>();
        foreach (var id in deployments)
        {
            await EnsureDeploymentAsync(id, cancellationToken);
        }

        if (!await InsertAllAsync(reports, cancellationToken))
        {
            foreach (var report in reports)
            {
                if (await ReportAsync(report, cancellationToken) is { } done)
                {
                    completed.Add(done);
                }
            }

            return completed;
        }

        foreach (var report in reports)
        {
            logger.LogInformation("Cluster {Cluster} reported {Outcome} for deployment {DeploymentId}", report.Cluster, report.Outcome, report.DeploymentId);
        }

        foreach (var id in deployments)
        {
            if (await TryCompleteAsync(id, force: false, cancellationToken) is { } done)
            {
                completed.Add(done);
            }
        }

        return completed;
    }

    ClusterReportRow Report(ClusterDeployed message)
    {
        var at = message.CompletedAt == default ? time.GetUtcNow() : message.CompletedAt.ToUniversalTime();
        return new ClusterReportRow
        {
            DeploymentId = message.CorrelationId,
            Cluster = message.Cluster,
            CommitSha = message.CommitSha,
            Sequence = message.Sequence,
            Outcome = message.Outcome,
            SkipReason = message.SkipReason,
            Error = message.Error,
            Images = string.Join('\n', message.Images),
            AllowFailure = message.AllowFailure,
            DurationMilliseconds = (long)message.Duration.TotalMilliseconds,
            ReportedAt = at,
            Source = "deployer",
        };
    }

    public async Task<DeploymentCompleted?> RenderFailedAsync(RenderFailed message, CancellationToken cancellationToken)
    {
        var reason = Describe(message.File, message.Line, message.Reason);
        if (message.Cluster is null)
        {
            return await AbortAsync(message.CorrelationId, $"render failed: {reason}", isFailure: true, sourceImage: null, cancellationToken);
        }

        return await ReportAsync(new ClusterReportRow
        {
            DeploymentId = message.CorrelationId,
            Cluster = message.Cluster,
            CommitSha = message.CommitSha,
            Outcome = DeploymentOutcome.Failed,
            Error = $"render failed: {reason}",
            AllowFailure = message.AllowFailure,
            ReportedAt = time.GetUtcNow(),
            Source = DeploymentSummary.RenderSource,
        }, cancellationToken);
    }

    public Task<DeploymentCompleted?> ImageUpdateFailedAsync(ImageUpdateFailed message, CancellationToken cancellationToken) =>
        message.Skipped
            ? AbortAsync(message.CorrelationId, $"image not written: {message.Reason}", isFailure: false, message.Image, cancellationToken)
            : AbortAsync(message.CorrelationId, $"image update failed: {Describe(message.File, message.Line, message.Reason)}", isFailure: true, message.Image, cancellationToken);

    /// <summary>
    /// Completes every deployment past its deadline (silent clusters timed out) and re-publishes
    /// completions whose claiming instance never confirmed publishing within the lease.
    /// </summary>
    public async Task<IReadOnlyList<DeploymentCompleted>> CompleteOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseEnd = now.AddSeconds(-settings.Value.PublishLeaseSeconds);
        List<Guid> overdue;
        List<(Guid Id, DateTimeOffset ClaimedAt)> unpublished;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            overdue = await db.Deployments.Where(d => d.CompletedAt == null && d.DeadlineAt <= now)
                .OrderBy(d => d.DeadlineAt).Select(d => d.Id).Take(500).ToListAsync(cancellationToken);
            unpublished = (await db.Deployments.Where(d => d.CompletedAt != null && d.PublishedAt == null && d.CompletedAt <= leaseEnd)
                .OrderBy(d => d.CompletedAt).Select(d => new { d.Id, d.CompletedAt }).Take(500).ToListAsync(cancellationToken))
                .Select(d => (d.Id, d.CompletedAt!.Value)).ToList();
        }

        var completed = new List<DeploymentCompleted>();
        foreach (var id in overdue)
        {
            if (await TryCompleteAsync(id, force: true, cancellationToken) is { } done)
            {
                completed.Add(done);
            }
        }

        foreach (var (id, claimedAt) in unpublished)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var reclaimed = await db.Deployments.Where(d => d.Id == id && d.PublishedAt == null && d.CompletedAt == claimedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CompletedAt, now), cancellationToken);
            if (reclaimed == 1)
            {
                logger.LogWarning("Deployment {DeploymentId} was completed but its DeploymentCompleted never confirmed: publishing again", id);
                completed.Add(await SummaryAsync(id, cancellationToken));
            }
        }

        return completed;
    }

    public async Task MarkPublishedAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Deployments.Where(d => d.Id == deploymentId && d.PublishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.PublishedAt, now), cancellationToken);
    }

    async Task<DeploymentCompleted?> ReportAsync(ClusterReportRow report, CancellationToken cancellationToken)
    {
        await EnsureDeploymentAsync(report.DeploymentId, cancellationToken);
        if (!await InsertAsync(report, cancellationToken))
        {
            // A report that arrives after its cluster was timed out replaces the placeholder, so history tells the truth.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var replaced = await db.ClusterReports
                .Where(r => r.DeploymentId == report.DeploymentId && r.Cluster == report.Cluster && r.Source == "deadline" && report.Source != "deadline")
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Outcome, report.Outcome)
                    .SetProperty(r => r.SkipReason, report.SkipReason)
                    .SetProperty(r => r.Error, report.Error)
                    .SetProperty(r => r.Images, report.Images)
                    .SetProperty(r => r.CommitSha, report.CommitSha)
                    .SetProperty(r => r.Sequence, report.Sequence)
                    .SetProperty(r => r.DurationMilliseconds, report.DurationMilliseconds)
                    .SetProperty(r => r.ReportedAt, report.ReportedAt)
                    .SetProperty(r => r.Source, report.Source), cancellationToken);
            if (replaced == 1)
            {
                logger.LogWarning("Cluster {Cluster} of deployment {DeploymentId} reported {Outcome} after the deadline", report.Cluster, report.DeploymentId, report.Outcome);
            }
            else
            {
                logger.LogDebug("Duplicate report of cluster {Cluster} for deployment {DeploymentId} ignored", report.Cluster, report.DeploymentId);
            }

            return null;
        }

        logger.LogInformation("Cluster {Cluster} reported {Outcome} for deployment {DeploymentId}", report.Cluster, report.Outcome, report.DeploymentId);
        return await TryCompleteAsync(report.DeploymentId, force: false, cancellationToken);
    }

    async Task<DeploymentCompleted?> AbortAsync(Guid id, string reason, bool isFailure, string? sourceImage, CancellationToken cancellationToken)
    {
        await EnsureDeploymentAsync(id, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var first = await db.Deployments.Where(d => d.Id == id && d.AbortReason == null).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.AbortReason, reason)
                .SetProperty(d => d.AbortIsFailure, isFailure)
                .SetProperty(d => d.SourceImage, d => d.SourceImage ?? sourceImage), cancellationToken);
            if (first == 1)
            {
                logger.LogWarning("Deployment {DeploymentId} ends early: {Reason}", id, reason);
            }
        }

        return await TryCompleteAsync(id, force: false, cancellationToken);
    }

    async Task<DeploymentCompleted?> TryCompleteAsync(Guid id, bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // One query answers most reports: while fewer clusters reported than were planned, some planned one has not.
            var state = await db.Deployments.AsNoTracking().Where(d => d.Id == id)
                .Select(d => new { Deployment = d, Reported = db.ClusterReports.Count(r => r.DeploymentId == id) })
                .SingleAsync(cancellationToken);
            var deployment = state.Deployment;
            if (deployment.CompletedAt is not null)
            {
                return null;
            }

            var ready = deployment.AbortReason is not null
                || (force && deployment.DeadlineAt <= now)
                || (deployment.Planned && state.Reported >= deployment.PlannedCount && !await db.PlannedClusters
                    .Where(p => p.DeploymentId == id)
                    .AnyAsync(p => !db.ClusterReports.Any(r => r.DeploymentId == id && r.Cluster == p.Cluster), cancellationToken));
            if (!ready)
            {
                return null;
            }

            // The claim: of all instances that find the deployment ready, exactly one updates this row.
            var claimed = await db.Deployments.Where(d => d.Id == id && d.CompletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.CompletedAt, now), cancellationToken);
            if (claimed != 1)
            {
                return null;
            }

            if (deployment.AbortReason is null)
            {
                var silent = await db.PlannedClusters
                    .Where(p => p.DeploymentId == id && !db.ClusterReports.Any(r => r.DeploymentId == id && r.Cluster == p.Cluster))
                    .Select(p => p.Cluster).ToListAsync(cancellationToken);
                await InsertIgnoringDuplicatesAsync(silent.Select(c => new ClusterReportRow
                {
                    DeploymentId = id,
                    Cluster = c,
                    CommitSha = deployment.CommitSha ?? "",
                    Outcome = DeploymentOutcome.TimedOut,
                    Error = $"no report within {settings.Value.DeadlineSeconds} s",
                    ReportedAt = now,
                    Source = "deadline",
                }).ToList(), cancellationToken);
            }
        }

        var summary = await SummaryAsync(id, cancellationToken);
        logger.LogInformation(
            "Deployment {DeploymentId} completed: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped, {TimedOut} timed out of {Total}",
            id, summary.Succeeded, summary.Failed, summary.Skipped, summary.TimedOut, summary.Total);
        return summary;
    }

    async Task<DeploymentCompleted> SummaryAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
        var planned = await db.PlannedClusters.Where(p => p.DeploymentId == id).Select(p => p.Cluster).ToListAsync(cancellationToken);
        var reports = await db.ClusterReports.AsNoTracking().Where(r => r.DeploymentId == id).ToListAsync(cancellationToken);
        return DeploymentSummary.Completed(deployment, planned, reports);
    }

    async Task EnsureDeploymentAsync(Guid id, CancellationToken cancellationToken)
    {
        if (known.ContainsKey(id))
        {
            return;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Most events find the row; the insert (and its unique violation) is for the first one only.
            if (await db.Deployments.AnyAsync(d => d.Id == id, cancellationToken))
            {
                Remember(id);
                return;
            }
        }

        var now = time.GetUtcNow();
        await InsertAsync(new DeploymentRow
        {
            Id = id,
            FirstSeenAt = now,
            DeadlineAt = now.AddSeconds(settings.Value.DeadlineSeconds),
        }, cancellationToken);
        Remember(id);
    }

    /// <summary>Kept for the deployments in flight: the set starts over past 10,000, and a forgotten one is asked about once more.</summary>
    void Remember(Guid id)
    {
        if (known.Count >= 10_000)
        {
            known.Clear();
        }

        known.TryAdd(id, 0);
    }

    /// <summary>Inserts the row; false when it exists already (a redelivery, or another instance was first).</summary>
    Task<bool> InsertAsync<T>(T row, CancellationToken cancellationToken)
        where T : class => InsertAllAsync([row], cancellationToken);

    async Task InsertIgnoringDuplicatesAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (await InsertAllAsync(rows, cancellationToken))
        {
            return;
        }

        // Some exist already (a redelivery): one at a time.
        foreach (var row in rows)
        {
            await InsertAsync(row, cancellationToken);
        }
    }

    /// <summary>
    /// Inserts every row in one transaction; false, with none inserted, when one of them exists already or two of them
    /// are one row (a report redelivered within one batch).
    /// </summary>
    async Task<bool> InsertAllAsync<T>(IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            // EF Core refuses a second row of one key as it is added, before anything is written.
            db.AddRange(rows);
        }
        catch (InvalidOperationException) when (rows.Count > 1)
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (TrackerDatabase.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>The reason with its file and line in front, once: a render failure's reason already starts with them.</summary>
    static string Describe(string? file, int? line, string reason) =>
        file is null || reason.StartsWith(file + ":", StringComparison.Ordinal) ? reason
        : line is null ? $"{file}: {reason}" : $"{file}:{line}: {reason}";
}
