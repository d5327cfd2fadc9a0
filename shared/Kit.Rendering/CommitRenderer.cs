using System.Collections.Concurrent;
using Kit.Contracts;
using Kit.Git;
using Kit.Rendering.Sources;
using Kit.Rendering.Trees;
using LibGit2Sharp;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.Rendering;

/// <summary>
/// Renders the exact commit a ManifestsCommitted names, from the mirror's object database (no checkout): the one
/// entry point of rendering a commit, for the deploymentizer's consumer and <c>kit deploy</c>.
/// </summary>
public sealed class CommitRenderer(RepositoryMirror mirror, TimeProvider clock, IOptions<RenderingSettings> rendering, IOptions<SourcesSettings>? sources = null)
{
    readonly ConcurrentDictionary<string, long> sequences = new(StringComparer.Ordinal);

    public Task<DeploymentEvents> RenderAsync(ManifestsCommitted commit, CancellationToken cancellationToken) =>
        RenderAsync(commit, options: null, ready: null, cancellationToken);

    /// <summary>
    /// Renders every cluster (with the configured options, or <paramref name="options"/>); <paramref name="ready"/>
    /// gets each cluster's set the moment that cluster has rendered (from a rendering thread), so a slow cluster
    /// holds up no other.
    /// </summary>
    public async Task<DeploymentEvents> RenderAsync(ManifestsCommitted commit, RenderOptions? options, Action<ManifestsRendered>? ready, CancellationToken cancellationToken)
    {
        await mirror.EnsureCommitAsync(commit.CommitSha, cancellationToken);
        options ??= RenderOptions.From(rendering.Value);
        using var fetched = options.Sources is null ? await FetchSourcesAsync(commit.CommitSha, options, cancellationToken) : null;
        options = options with { Sources = options.Sources ?? fetched };
        return await Task.Run(
            () =>
            {
                using var repository = mirror.Open();
                var sequence = sequences.GetOrAdd(commit.CommitSha, sha => CommitSequence.Of(repository, sha));
                using var tree = GitTree.ForCommit(repository, commit.CommitSha);
                options = options with { ChangedSources = ChangedSources(repository, commit) };
                var result = KitRenderer.Render(tree, Narrowed(options, commit), ready is null ? null : cluster =>
                {
                    if (DeploymentEvents.Deployable(commit, sequence, cluster) is { } set)
                    {
                        ready(set);
                    }
                });
                var events = DeploymentEvents.From(commit, sequence, result, clock.GetUtcNow());
                return RemovedClusters.Add(events, commit, sequence, options, RemovedClusters.Of(repository, commit.CommitSha, options.ConfigPath));
            },
            cancellationToken);
    }

    /// <summary>The sources the commit's <c>kit.yaml</c> lists, fetched at the pins of its <c>sources.lock.yaml</c>.</summary>
    async Task<SourceSet> FetchSourcesAsync(string sha, RenderOptions options, CancellationToken cancellationToken)
    {
        using var repository = mirror.Open();
        using var tree = GitTree.ForCommit(repository, sha);
        var settings = new SourceOptions
        {
            Access = sources?.Value ?? new SourcesSettings(),
            WorkDirectory = mirror.Settings.WorkDirectory,
            Timeout = options.Timeout,
            LocalCopies = options.LocalSources ?? new Dictionary<string, string>(),
        };
        var set = await SourceFetcher.PrepareAsync(tree, options.ConfigPath, settings, cancellationToken);
        if (set.UnknownLocalCopies.Count > 0)
        {
            set.Dispose();
            throw new InvalidOperationException($"--source {set.UnknownLocalCopies[0]}: kit.yaml of commit {sha[..12]} lists no source of that name");
        }

        return set;
    }

    /// <summary>
    /// The sources whose pin the commit changed, when it changed <c>sources.lock.yaml</c> (against its first parent):
    /// only the clusters that use their resources are affected. Null when that cannot be told.
    /// </summary>
    static IReadOnlySet<string>? ChangedSources(Repository repository, ManifestsCommitted commit)
    {
        if (!commit.ChangedPaths.Contains(SourcesLock.Path) || repository.Lookup<Commit>(commit.CommitSha) is not { } current)
        {
            return null;
        }

        try
        {
            var now = SourcesLock.Parse((current[SourcesLock.Path]?.Target as Blob)?.GetContentText());
            var before = SourcesLock.Parse((current.Parents.FirstOrDefault()?[SourcesLock.Path]?.Target as Blob)?.GetContentText());
            return now.Keys.Union(before.Keys)
                .Where(name => !now.TryGetValue(name, out var pin) || !before.TryGetValue(name, out var old) || pin != old)
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (KitConfigException)
        {
            return null;
        }
    }

    /// <summary>
    /// The commit's own limits on what is rendered: the clusters it names (a reconcile), and for a new commit
    /// (image, push, poll) the clusters its changed paths affect. A start-up, reconcile, manual or rollback
    /// announcement renders every cluster: it is about what the clusters run, not what the commit changed.
    /// </summary>
    static RenderOptions Narrowed(RenderOptions options, ManifestsCommitted commit)
    {
        if (commit.Clusters is { } named)
        {
            options = options with { ClusterNames = options.ClusterNames is { } given ? named.Where(given.Contains).ToHashSet(StringComparer.Ordinal) : named.ToHashSet(StringComparer.Ordinal) };
        }

        return commit.Cause is CommitCause.Image or CommitCause.Push or CommitCause.Poll && commit.ChangedPaths.Count > 0
            ? options with { ChangedPaths = commit.ChangedPaths }
            : options;
    }

    /// <summary>
    /// Fetches and names the commit <paramref name="gitRef"/> points at (a sha, branch or tag; null = the branch's tip)
    /// as a manual deployment: what <c>kit deploy</c> renders. Throws when there is no such commit.
    /// </summary>
    public async Task<ManifestsCommitted> ManualAsync(string? gitRef, CancellationToken cancellationToken)
    {
        var tip = await mirror.FetchAsync(cancellationToken);
        using var repository = mirror.Open();
        var commit = (gitRef is null ? repository.Lookup<Commit>(tip) : repository.Lookup<Commit>(gitRef) ?? repository.Lookup<Commit>("refs/heads/" + gitRef))
            ?? throw new InvalidOperationException($"no commit '{gitRef}' in {mirror.Settings.DisplayUrl}");
        return CommitAnnouncement.For(mirror.Settings, NewId.NextGuid(), commit.Sha, CommitCause.Manual, commit.Committer.When);
    }
}
