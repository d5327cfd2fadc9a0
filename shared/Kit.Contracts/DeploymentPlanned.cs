namespace Kit.Contracts;

/// <summary>The clusters one commit will be rendered and deployed to.</summary>
public sealed record DeploymentPlanned
{
    public required Guid CorrelationId { get; init; }
    public required string Repository { get; init; }
    public required string Ref { get; init; }
    public required string CommitSha { get; init; }
    public CommitCause Cause { get; init; }
    public string? SourceImage { get; init; }
    public required IReadOnlyList<string> Clusters { get; init; }
    public DateTimeOffset PlannedAt { get; init; }
}
