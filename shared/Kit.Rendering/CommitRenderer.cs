using System.Collections.Concurrent;
using Kit.Contracts;
using Kit.Git;
using Kit.Rendering;
using Kit.Rendering.Trees;
using Microsoft.Extensions.Options;

namespace Kit.Rendering;

/// <summary>Renders the exact commit a ManifestsCommitted names, from the mirror's object database (no checkout).</summary>
public sealed class CommitRenderer(RepositoryMirror mirror, TimeProvider clock, IOptions<RenderingSettings> rendering)
{
    readonly ConcurrentDictionary<string, long> sequences = new(StringComparer.Ordinal);

    public Task<DeploymentEvents> RenderAsync(ManifestsCommitted commit, CancellationToken cancellationToken) =>
        RenderAsync(commit, ready: null, cancellationToken);

    /// <summary>
    /// Renders every cluster; <paramref name="ready"/> gets each cluster's set the moment that cluster has
    /// rendered (from a rendering thread), so a slow cluster holds up no other.
    /// </summary>
    public async Task<DeploymentEvents> RenderAsync(ManifestsCommitted commit, Action<ManifestsRendered>? ready, CancellationToken cancellationToken)
    {
        await mirror.EnsureCommitAsync(commit.CommitSha, cancellationToken);
        return await Task.Run(
            () =>
            {
                using var repository = mirror.Open();
                var sequence = sequences.GetOrAdd(commit.CommitSha, sha => CommitSequence.Of(repository, sha));
                using var tree = GitTree.ForCommit(repository, commit.CommitSha);
                var result = KitRenderer.Render(tree, RenderOptions.From(rendering.Value), ready is null ? null : cluster =>
                {
                    if (DeploymentEvents.Deployable(commit, sequence, cluster) is { } set)
                    {
                        ready(set);
                    }
                });
                return DeploymentEvents.From(commit, sequence, result, clock.GetUtcNow());
            },
            cancellationToken);
    }
}
