using Kit.Contracts;

namespace Kit.Tracking.Storage;

/// <summary>
/// One cluster's outcome for one deployment, keyed by both so a redelivered report is a no-op;
/// read across deployments it is the cluster's history.
/// </summary>
public sealed class ClusterReportRow
{
    public Guid DeploymentId { get; set; }
    public required string Cluster { get; set; }
    public required string CommitSha { get; set; }
    public long Sequence { get; set; }
    public DeploymentOutcome Outcome { get; set; }

    /// <summary>Why a skipped cluster was skipped: <c>stale</c>, <c>unchanged</c> or <c>orphaned</c>.</summary>
    public string? SkipReason { get; set; }
    public string? Error { get; set; }

    /// <summary>The images running after this deployment, one per line.</summary>
    public string Images { get; set; } = "";

    public bool AllowFailure { get; set; }
    public long DurationMilliseconds { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>Who reported it: <c>deployer</c>, <c>render</c> or <c>deadline</c>.</summary>
    public required string Source { get; set; }
}
