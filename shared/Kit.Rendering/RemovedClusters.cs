using Kit.Contracts;
using Kit.Rendering.Trees;
using LibGit2Sharp;

namespace Kit.Rendering;

/// <summary>
/// Clusters whose folder a commit removed (its first parent has them, the commit has not): each gets a
/// <see cref="ManifestsRendered"/> with <see cref="ManifestsRendered.Removed"/> and no manifests, and is planned, so the
/// deployer reports it (orphaned, or pruned with <c>Kit__Deployer__PruneRemovedClusters</c>) and the tracker expects that.
/// </summary>
public static class RemovedClusters
{
    /// <summary>The names the first parent defines and <paramref name="sha"/> does not; none for a root commit or an unreadable kit.yaml.</summary>
    public static IReadOnlyList<string> Of(Repository repository, string sha, string configPath)
    {
        var commit = repository.Lookup<Commit>(sha);
        if (commit?.Parents.FirstOrDefault() is not { } parent)
        {
            return [];
        }

        using var now = GitTree.ForCommit(repository, sha);
        // A commit whose kit.yaml cannot be read fails to render as a whole: no cluster is called removed then.
        if (KitRepository.ClusterFolder(now, configPath) is not { } folder)
        {
            return [];
        }

        // Most commits (an image, a template) change neither the configuration nor the cluster folders: nothing to compare.
        if (folder.Length > 0 && Same(commit, parent, RepositoryPath.Normalize(configPath)) && Same(commit, parent, folder))
        {
            return [];
        }

        using var before = GitTree.ForCommit(repository, parent.Sha);
        var current = KitRepository.ClusterNames(now, configPath)!;

        return (KitRepository.ClusterNames(before, configPath) ?? new HashSet<string>())
            .Where(c => !current.Contains(c))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    static bool Same(Commit commit, Commit parent, string path) => commit[path]?.Target.Sha == parent[path]?.Target.Sha;

    /// <summary>The events with one removed set per cluster in <paramref name="removed"/> that the render selected, each planned.</summary>
    public static DeploymentEvents Add(DeploymentEvents events, ManifestsCommitted commit, long sequence, RenderOptions options, IReadOnlyList<string> removed)
    {
        var sets = removed
            .Where(c => (options.ClusterName is null || c == options.ClusterName) && (options.ClusterNames?.Contains(c) ?? true))
            .Where(c => commit.Clusters is null || commit.Clusters.Contains(c, StringComparer.Ordinal))
            .Where(c => events.Rendered.All(r => r.Cluster != c))
            .Select(c => new ManifestsRendered
            {
                CorrelationId = commit.CorrelationId,
                Cluster = c,
                Repository = commit.Repository,
                Ref = commit.Ref,
                CommitSha = commit.CommitSha,
                Sequence = sequence,
                Digest = ClusterManifests.ComputeDigest([]),
                Manifests = [],
                SourceImage = commit.SourceImage,
                Removed = true,
            })
            .ToList();
        if (sets.Count == 0 || events.Planned.Failure is not null)
        {
            return events;
        }

        return events with
        {
            Planned = events.Planned with { Clusters = [.. events.Planned.Clusters, .. sets.Select(s => s.Cluster)] },
            Rendered = [.. events.Rendered, .. sets],
        };
    }
}
