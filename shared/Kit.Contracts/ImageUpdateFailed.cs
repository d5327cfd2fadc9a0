namespace Kit.Contracts;

/// <summary>An <see cref="ImageBuilt"/> was not written to the deployments repository.</summary>
public sealed record ImageUpdateFailed
{
    public required Guid CorrelationId { get; init; }
    public required string Image { get; init; }
    public required string Repository { get; init; }
    public required string Branch { get; init; }

    /// <summary>The repository file at fault, where there is one.</summary>
    public string? File { get; init; }

    public int? Line { get; init; }
    public required string Reason { get; init; }

    /// <summary>True when the image was deliberately not written (a pinned file, an older build): not an error.</summary>
    public bool Skipped { get; init; }
}
