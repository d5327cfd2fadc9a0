using Kit.Contracts;
using Kit.Tracking.Queries;
using Kit.Tracking.Storage;

namespace Kit.Tracking;

/// <summary>Turns a deployment's rows into its <see cref="DeploymentCompleted"/> and its progress.</summary>
public static class DeploymentSummary
{
    /// <summary>
    /// The clusters that count: the planned ones once the plan is known (and any cluster that failed to render
    /// without allowFailure, planned or not: a failure is never left out of the count), else every reported one.
    /// </summary>
    public static IReadOnlyList<string> Counted(DeploymentRow deployment, IReadOnlyCollection<string> planned, IEnumerable<ClusterReportRow> reports) =>
        deployment.Planned
            ? planned.Concat(reports.Where(r => r.Source == RenderSource && !r.AllowFailure).Select(r => r.Cluster)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : reports.Select(r => r.Cluster).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The <see cref="ClusterReportRow.Source"/> of a report made from a cluster's RenderFailed.</summary>
    public const string RenderSource = "render";

    /// <summary>The skip reason of a cluster that already ran the set.</summary>
    public const string UnchangedReason = "unchanged";

    public static DeploymentCompleted Completed(DeploymentRow deployment, IReadOnlyCollection<string> planned, IReadOnlyList<ClusterReportRow> reports)
    {
        var byCluster = reports.ToDictionary(r => r.Cluster, StringComparer.Ordinal);
        var counted = Counted(deployment, planned, reports).Select(c => byCluster.GetValueOrDefault(c)).OfType<ClusterReportRow>().ToList();
        var commit = deployment.CommitSha ?? counted.Select(r => r.CommitSha).FirstOrDefault(c => c.Length > 0) ?? "";
        return new DeploymentCompleted
        {
            CorrelationId = deployment.Id,
            CommitSha = commit,
            Repository = deployment.Repository,
            SourceImage = deployment.SourceImage,
            Total = Counted(deployment, planned, reports).Count,
            Succeeded = counted.Count(r => r.Outcome == DeploymentOutcome.Succeeded),
            Failed = counted.Count(r => r.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.RolledBack),
            Skipped = counted.Count(r => r.Outcome == DeploymentOutcome.Skipped),
            TimedOut = counted.Count(r => r.Outcome == DeploymentOutcome.TimedOut),
            Failures = counted
                .Where(r => r.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.RolledBack or DeploymentOutcome.TimedOut)
                .Select(r => new ClusterFailure { Cluster = r.Cluster, Outcome = r.Outcome, Reason = r.Error ?? r.Outcome.ToString() })
                .ToList(),
            StartedAt = deployment.PlannedAt ?? deployment.FirstSeenAt,
            CompletedAt = deployment.CompletedAt ?? DateTimeOffset.UtcNow,
            Error = deployment.AbortIsFailure ? deployment.AbortReason : null,
            Cause = deployment.Cause,
            Unchanged = counted.Count(r => r.Outcome == DeploymentOutcome.Skipped && r.SkipReason == UnchangedReason),
        };
    }

    /// <summary>kit's progress object for the counted clusters.</summary>
    public static DeploymentProgress Progress(int total, IEnumerable<DeploymentOutcome> reported)
    {
        var outcomes = reported.ToList();
        var successful = outcomes.Count(o => o is DeploymentOutcome.Succeeded or DeploymentOutcome.Skipped);
        var failed = outcomes.Count - successful;
        var completed = outcomes.Count;
        return new DeploymentProgress
        {
            Total = total,
            Completed = completed,
            Remaining = Math.Max(0, total - completed),
            Successful = successful,
            Failed = failed,
            Percent = total == 0 ? 100 : (int)Math.Floor(100.0 * Math.Min(completed, total) / total),
        };
    }
}
