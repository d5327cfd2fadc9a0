using System.Collections.Concurrent;
using Kit.Rendering.Trees;

namespace Kit.Rendering;

/// <summary>
/// Renders a kit repository: every selected, enabled cluster's manifests, in parallel across clusters,
/// each template parsed once. Bad input never throws: it becomes an error (or, for a cluster with
/// allowFailure, a warning) naming the file and line.
/// </summary>
public static class KitRenderer
{
    /// <summary>
    /// Renders the selected clusters; <paramref name="rendered"/>, when given, sees each cluster as soon as it
    /// has rendered, on the rendering thread (e.g. to write it while the others render).
    /// </summary>
    public static RenderResult Render(IRepositoryTree tree, RenderOptions? options = null, Action<ClusterManifests>? rendered = null)
    {
        options ??= new RenderOptions();
        if (options.FastRollback && string.IsNullOrEmpty(options.DeployId))
        {
            return new RenderResult([], [new RenderError("fast-rollback needs a deploy id")]);
        }

        KitRepository repository;
        try
        {
            repository = KitRepository.Load(tree, options.ConfigPath, options.Sources);
        }
        catch (RenderException e)
        {
            return new RenderResult([], [e.ToError()]);
        }

        // Clusters that failed to load are not narrowed by the changed paths: they report their failure on every commit.
        var affected = options.ChangedPaths is { } changed ? AffectedClusters.Of(repository, changed, options.ChangedSources) : null;
        var selected = repository.Clusters
            .Where(c => !c.Disabled)
            .Where(c => affected is null || affected.Contains(c.Name))
            .Where(c => options.ClusterType is null || c.Type == options.ClusterType)
            .Where(c => Wanted(options, c.Name))
            .ToArray();
        var session = new RenderSession(repository, options);
        var results = new ClusterManifests[selected.Length];
        // One cluster at a time per worker (no ranges handed out up front): a slow cluster holds up only
        // the worker rendering it, never clusters queued behind it.
        Parallel.ForEach(
            Partitioner.Create(Enumerable.Range(0, selected.Length), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) },
            i =>
            {
                results[i] = session.RenderCluster(selected[i]);
                rendered?.Invoke(results[i]);
            });

        var broken = repository.ClusterErrors
            .Where(e => Wanted(options, e.Cluster!))
            .GroupBy(e => e.Cluster!, StringComparer.Ordinal)
            .Select(g => new ClusterManifests(g.Key, null, false, [], [.. g], []));
        var defined = repository.Clusters.Where(c => !c.Disabled).Select(c => c.Name)
            .Concat(repository.ClusterErrors.Select(e => e.Cluster!))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return new RenderResult([.. results, .. broken], []) { DefinedClusters = [.. defined] };
    }

    static bool Wanted(RenderOptions options, string cluster) =>
        (options.ClusterName is null || cluster == options.ClusterName) && (options.ClusterNames is null || options.ClusterNames.Contains(cluster));
}
