using Kit.Contracts;
using Kit.Git;
using LibGit2Sharp;

namespace Kit.CommitWatching;

/// <summary>
/// Finds the commits added to the deployments branch since the last check and announces them, oldest first,
/// except those the image-deployer announced itself (they carry a <c>Kit-Deployment-Id</c> trailer).
/// The last announced commit is a ref in the process's bare clone under the work directory
/// (<c>refs/kit/watcher/&lt;branch&gt;</c>, outside the fetched <c>refs/heads/</c>): it survives a restart when the
/// work directory does, and the first check ever only records the tip, so history is never replayed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate is only awaited: a SemaphoreSlim holds nothing to dispose until its AvailableWaitHandle is read.")]
public sealed class RepositoryWatch(RepositoryMirror clone)
{
    readonly SemaphoreSlim gate = new(1, 1);
    readonly RepositorySettings repository = clone.Settings;

    string LastSeenRef => "refs/kit/watcher/" + repository.Branch;

    /// <summary>Where the watcher kept its own clone before it shared the process's: its mark is read once from there.</summary>
    string LegacyClone => Path.Combine(Path.GetDirectoryName(clone.Path)!, "watcher", Path.GetFileName(clone.Path));

    /// <summary>
    /// Fetches, hands each new commit to <paramref name="announce"/> (oldest first), then records the tip.
    /// Returns the announced events. A failure before the end leaves the mark where it was, so nothing is lost.
    /// </summary>
    public async Task<IReadOnlyList<ManifestsCommitted>> CheckAsync(CommitCause cause, Func<ManifestsCommitted, Task> announce, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var tip = await clone.FetchAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            var events = await Task.Run(() => NewCommits(tip, cause), cancellationToken);
            foreach (var message in events)
            {
                await announce(message);
            }

            await Task.Run(() =>
            {
                using var repo = clone.Open();
                repo.Refs.Add(LastSeenRef, new ObjectId(tip), allowOverwrite: true);
            }, cancellationToken);
            return events;
        }
        finally
        {
            gate.Release();
        }
    }

    string? LegacyMark(Repository repo)
    {
        if (!Repository.IsValid(LegacyClone))
        {
            return null;
        }

        using var legacy = new Repository(LegacyClone);
        var mark = legacy.Refs[LastSeenRef]?.TargetIdentifier;
        return mark is not null && repo.Lookup<Commit>(mark) is not null ? mark : null;
    }

    List<ManifestsCommitted> NewCommits(string tip, CommitCause cause)
    {
        using var repo = clone.Open();
        var lastSeen = repo.Refs[LastSeenRef]?.TargetIdentifier ?? LegacyMark(repo);
        if (lastSeen is null || lastSeen == tip)
        {
            return [];
        }

        var filter = new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = lastSeen,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        };
        return [.. repo.Commits.QueryBy(filter)
            .Where(c => !CommitTrailers.HasDeploymentId(c.Message))
            .Select(c => CommitAnnouncement.For(
                repository, DeterministicGuid.ForCommit(repository.DisplayUrl, c.Sha), c.Sha, cause, c.Committer.When, CommitChanges.Paths(repo, c)))];
    }
}
