using Kit.Contracts;

namespace Kit.Tracking.Storage;

/// <summary>One deployment (one CorrelationId): what was planned, and whether and when it completed.</summary>
public sealed class DeploymentRow
{
    public Guid Id { get; set; }
    public string? Repository { get; set; }
    public string? Ref { get; set; }
    public string? CommitSha { get; set; }
    public CommitCause? Cause { get; set; }
    public string? SourceImage { get; set; }

    /// <summary>Set, after every planned cluster row exists, by the first DeploymentPlanned.</summary>
    public bool Planned { get; set; }

    public int PlannedCount { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset? PlannedAt { get; set; }
    public DateTimeOffset DeadlineAt { get; set; }

    /// <summary>Why the deployment ended before its clusters reported (a render or image update failure, a skipped image).</summary>
    public string? AbortReason { get; set; }

    /// <summary>False when the abort is a deliberate skip: nothing deployed, nothing wrong.</summary>
    public bool AbortIsFailure { get; set; }

    /// <summary>Claimed by exactly one tracker instance with a conditional update: the one that publishes DeploymentCompleted.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}
