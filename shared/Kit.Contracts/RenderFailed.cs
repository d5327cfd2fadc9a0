namespace Kit.Contracts;

/// <summary>A cluster (or the whole commit, when <see cref="Cluster"/> is null) could not be rendered.</summary>
public sealed record RenderFailed
{
    public required Guid CorrelationId { get; init; }
    public required string Repository { get; init; }
    public required string CommitSha { get; init; }
    public string? Cluster { get; init; }

    /// <summary>The repository file at fault, relative to the root, where there is one.</summary>
    public string? File { get; init; }

    public int? Line { get; init; }
    /// <summary>Each error as <c>path:line: message</c> (the file and line are part of it), separated by <c>; </c>.</summary>
    public required string Reason { get; init; }

    /// <summary>The cluster has <c>allowFailure</c>: it was held back, and its failure does not fail the deployment.</summary>
    public bool AllowFailure { get; init; }
}
