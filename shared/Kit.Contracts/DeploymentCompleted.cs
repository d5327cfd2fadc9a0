namespace Kit.Contracts;

/// <summary>Every planned cluster reported (or the deadline passed): the deployment's summary.</summary>
public sealed record DeploymentCompleted
{
    public required Guid CorrelationId { get; init; }
    public required string CommitSha { get; init; }
    public string? Repository { get; init; }
    public string? SourceImage { get; init; }
    public int Total { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public int Skipped { get; init; }
    public int TimedOut { get; init; }
    public IReadOnlyList<ClusterFailure> Failures { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Why the deployment ended before its clusters deployed (a render or image update failure), when it did.</summary>
    public string? Error { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>Why the commit was rolled out (the plan's cause); null when the plan never arrived.</summary>
    public CommitCause? Cause { get; init; }

    /// <summary>The skipped clusters that were skipped because they already ran this set (<c>unchanged</c>).</summary>
    public int Unchanged { get; init; }
}
