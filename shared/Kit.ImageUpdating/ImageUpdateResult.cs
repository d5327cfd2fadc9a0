namespace Kit.ImageUpdating;

/// <summary>The outcome of one <see cref="ImageUpdate"/>, with the commit that holds it when there is one.</summary>
public sealed record ImageUpdateResult(ImageUpdateOutcome Outcome, string? File = null)
{
    public string? CommitSha { get; init; }
    public IReadOnlyList<string> ChangedPaths { get; init; } = [];
    public DateTimeOffset? CommittedAt { get; init; }
    public string? Reason { get; init; }
    public int? Line { get; init; }

    public bool HasCommit => Outcome is ImageUpdateOutcome.Committed or ImageUpdateOutcome.AlreadyPushed;

    public static ImageUpdateResult Skip(string? file, string reason) => new(ImageUpdateOutcome.Skipped, file) { Reason = reason };

    public static ImageUpdateResult Fail(ImageUpdateException e) => new(ImageUpdateOutcome.Failed, e.File) { Reason = e.Message, Line = e.Line };
}
