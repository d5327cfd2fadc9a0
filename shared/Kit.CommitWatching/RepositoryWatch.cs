using Kit.Contracts;
using Kit.Git;
using LibGit2Sharp;

namespace Kit.CommitWatching;

/// <summary>
/// Finds the commits added to the deployments branch since the last check and announces them, oldest first,
/// except those the image-deployer announced itself (they carry a <c>Kit-Deployment-Id</c> trailer).
/// The last announced commit is a ref in the watcher's own bare clone under the work directory
/// (<c>refs/kit/watcher/&lt;branch&gt;</c>): it survives a restart when the work directory does, and the first
/// check ever only records the tip, so history is never replayed.
/// </summary>
public sealed class RepositoryWatch(RepositorySettings repository)
{
    readonly SemaphoreSlim gate = new(1, 1);
    readonly RepositoryMirror clone = new(new RepositorySettings
    {
        Url = repository.Url,
        Branch = repository.Branch,
        Username = repository.Username,
        Password = repository.Password,
        AllowInsecureHttp = repository.AllowInsecureHttp,
        WorkDirectory = Path.Combine(repository.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "kit-git"), "watcher"),
    });

    string LastSeenRef => "refs/kit/watcher/" + repository.Branch;

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

    List<ManifestsCommitted> NewCommits(string tip, CommitCause cause)
    {
        using var repo = clone.Open();
        var lastSeen = repo.Refs[LastSeenRef]?.TargetIdentifier;
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
