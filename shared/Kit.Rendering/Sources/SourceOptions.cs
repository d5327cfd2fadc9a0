using Kit.Git;

namespace Kit.Rendering.Sources;

/// <summary>How the sources of a render are fetched: credentials, where the copies live, local working copies, time limit.</summary>
public sealed record SourceOptions
{
    /// <summary><c>Kit__Sources__&lt;name&gt;__Username</c> / <c>__Password</c>.</summary>
    public SourcesSettings Access { get; init; } = new();

    /// <summary>Where the sources' bare copies are kept (the deployments repository's <c>WorkDirectory</c>); null: the temp folder.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary><c>--source NAME=PATH</c>: the working tree at PATH stands in for the source's pinned commit.</summary>
    public IReadOnlyDictionary<string, string> LocalCopies { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long fetching one source may take before its resources fail (<c>Kit__Rendering__TimeoutSeconds</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(new RenderingSettings().TimeoutSeconds);
}
