namespace Kit.Rendering;

/// <summary>The outcome of rendering a repository: every selected cluster, plus errors that stop the whole render.</summary>
public sealed record RenderResult(IReadOnlyList<ClusterManifests> Clusters, IReadOnlyList<RenderError> Errors)
{
    /// <summary>Nothing failed: no repository-wide error and no cluster error.</summary>
    public bool Succeeded => Errors.Count == 0 && Clusters.All(c => c.Succeeded);

    public IEnumerable<RenderError> AllErrors => Errors.Concat(Clusters.SelectMany(c => c.Errors));

    public IEnumerable<RenderError> AllWarnings => Clusters.SelectMany(c => c.Warnings);

    /// <summary>Every enabled or broken cluster the repository defines, rendered or not (sorted).</summary>
    public IReadOnlyList<string> DefinedClusters { get; init; } = [];
}
