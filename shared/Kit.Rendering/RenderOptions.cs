using Kit.Git;
using Kit.Rendering.Sources;

namespace Kit.Rendering;

/// <summary>What to render and the values that do not come from the repository.</summary>
public sealed record RenderOptions
{
    /// <summary>The kit configuration file, relative to the repository root.</summary>
    public string ConfigPath { get; init; } = KitConfig.DefaultPath;

    public string? ClusterName { get; init; }

    /// <summary>Only these clusters (by metadata.name); the others are not rendered at all.</summary>
    public IReadOnlySet<string>? ClusterNames { get; init; }

    public string? ClusterType { get; init; }

    /// <summary>The paths a commit changed: only the clusters they affect are rendered (<see cref="AffectedClusters"/>); null renders every cluster.</summary>
    public IReadOnlyList<string>? ChangedPaths { get; init; }

    /// <summary>With <see cref="ChangedPaths"/> holding <c>sources.lock.yaml</c>: the sources whose pin moved (null: any may have).</summary>
    public IReadOnlySet<string>? ChangedSources { get; init; }

    public string? Resource { get; init; }

    /// <summary>kit's deploy id: templates see it as <c>deployment.id</c>.</summary>
    public string? DeployId { get; init; }

    public bool FastRollback { get; init; }

    /// <summary>The sources of <c>kit.yaml</c>, fetched at their pins (<see cref="SourceFetcher"/>); null: none fetched.</summary>
    public SourceSet? Sources { get; init; }

    /// <summary>For <see cref="CommitRenderer"/> to fetch the sources with: <c>--source NAME=PATH</c> working copies that stand in for pins.</summary>
    public IReadOnlyDictionary<string, string>? LocalSources { get; init; }

    /// <summary>Where <c>external: true</c> env values come from; default: the process environment.</summary>
    public Func<string, string?> ExternalValues { get; init; } = Environment.GetEnvironmentVariable;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The largest rendered file in UTF-8 bytes (<see cref="RenderingSettings.MaxOutputBytes"/>).</summary>
    public int MaxOutputBytes { get; init; } = RenderingSettings.DefaultMaxOutputBytes;

    /// <summary>How long one cluster's render may take (<c>Kit__Rendering__TimeoutSeconds</c>); past it the cluster fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(new RenderingSettings().TimeoutSeconds);

    /// <summary>The options <c>Kit:Rendering</c> sets: the output and time limits of every render.</summary>
    public static RenderOptions From(RenderingSettings settings) => new()
    {
        MaxOutputBytes = settings.MaxOutputBytes,
        Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
    };
}
