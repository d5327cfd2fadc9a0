namespace Kit.Contracts;

/// <summary>A commit of a source named in <c>kit.yaml</c>'s <c>sources:</c> list.</summary>
public sealed record SourceRevision
{
    /// <summary>The source's name in <c>kit.yaml</c> and <c>sources.lock.yaml</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The full commit sha to pin.</summary>
    public required string Commit { get; init; }
}
