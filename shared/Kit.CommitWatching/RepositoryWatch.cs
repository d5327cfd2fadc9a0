using Kit.Contracts;
using Kit.Git;
using LibGit2Sharp;

namespace Kit.CommitWatching;

/// <summary>
/// Announces the deployments branch: its tip at the first check of the process (<see cref="CommitCause.Startup"/>),
/// so whatever was pushed while kit was down is deployed, then the commits added since the previous check,
/// oldest first, except those the image-deployer announced itself (see <see cref="TrailerHistory"/>).
/// The position lives in memory only: the deployers decide from what each cluster runs whether the tip
/// changes anything, so neither a lost work directory nor a restart can make the watcher miss a commit.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate is only awaited: a SemaphoreSlim holds nothing to dispose until its AvailableWaitHandle is read.")]
public sealed class RepositoryWatch(RepositoryMirror clone)
{
    readonly SemaphoreSlim gate = new(1, 1);
    readonly RepositorySettings repository = clone.Settings;
    readonly TrailerHistory trailers = new();
    string? lastSeen;

    /// <summary>
    /// Fetches, hands each commit to announce to <paramref name="announce"/> (oldest first), then moves the
    /// position to the tip. Returns the announced events. A failure before the end leaves the position where it
    /// was (at the first check: nowhere, so the next check announces the tip again), so nothing is lost.
    /// </summary>
    public async Task<IReadOnlyList<ManifestsCommitted>> CheckAsync(CommitCause cause, Func<ManifestsCommitted, Task> announce, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var tip = await clone.FetchAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            var events = await Task.Run(() => lastSeen is null ? [Startup(tip)] : NewCommits(tip, cause), cancellationToken);
            foreach (var message in events)
            {
                await announce(message);
            }

            lastSeen = tip;
            return events;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Fetches and names the branch's tip as deployment <paramref name="deploymentId"/> (a reconcile: every call a new
    /// deployment) for <paramref name="clusters"/> (null: every cluster). The position does not move: commits after
    /// it are still announced one by one by the next check.
    /// </summary>
    public async Task<ManifestsCommitted> TipAsync(Guid deploymentId, IReadOnlyList<string>? clusters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tip = await clone.FetchAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        return await Task.Run(() => Tip(tip, CommitCause.Reconcile, deploymentId) with { Clusters = clusters }, cancellationToken);
    }

    /// <summary>
    /// The tip at start, under the id it had when it was first announced: the image-deployer's id for its own commit
    /// (it announced that commit itself), else the commit's deterministic id. A tip announced before is then one
    /// deployment downstream (the deploymentizer renders an id once, the deployer reports a cluster that this very
    /// deployment brought to the set as succeeded, the tracker completes an id once), never a second notification.
    /// </summary>
    ManifestsCommitted Startup(string tip)
    {
        using var repo = clone.Open();
        var commit = repo.Lookup<Commit>(tip);
        var deploymentId = DeterministicGuid.ForCommit(repository.DisplayUrl, tip);
        if (CommitTrailers.HasDeploymentId(commit.Message))
        {
            trailers.CatchUp(repo, commit);
            if (trailers.AnnouncedByImageDeployer(commit))
            {
                deploymentId = CommitTrailers.DeploymentIds(commit.Message)[0];
            }
        }

        return Tip(tip, CommitCause.Startup, deploymentId);
    }

    ManifestsCommitted Tip(string tip, CommitCause cause, Guid deploymentId)
    {
        using var repo = clone.Open();
        var commit = repo.Lookup<Commit>(tip);
        return CommitAnnouncement.For(repository, deploymentId, tip, cause, commit.Committer.When, CommitChanges.Paths(repo, commit));
    }

    List<ManifestsCommitted> NewCommits(string tip, CommitCause cause)
    {
        if (lastSeen == tip)
        {
            return [];
        }

        using var repo = clone.Open();
        var filter = new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = lastSeen,
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse,
        };
        var commits = repo.Commits.QueryBy(filter).ToList();
        if (commits.Any(c => CommitTrailers.HasDeploymentId(c.Message)))
        {
            trailers.CatchUp(repo, repo.Lookup<Commit>(tip));
        }

        return [.. commits
            .Where(c => !trailers.AnnouncedByImageDeployer(c))
            .Select(c => CommitAnnouncement.For(
                repository, DeterministicGuid.ForCommit(repository.DisplayUrl, c.Sha), c.Sha, CommitTrailers.IsRollback(c.Message) ? CommitCause.Rollback : cause, c.Committer.When, CommitChanges.Paths(repo, c)))];
    }
}
