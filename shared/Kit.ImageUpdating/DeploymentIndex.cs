using Kit.Git;
using LibGit2Sharp;

namespace Kit.ImageUpdating;

/// <summary>
/// Which commit of the branch carries each <c>Kit-Deployment-Id</c> trailer, so a redelivered image commits nothing
/// twice. The earliest commit wins: a later copy of it (a cherry-pick) is not the image-deployer's own, and the
/// commit watcher announces such a copy itself (Kit.CommitWatching's TrailerHistory applies the same rule).
/// </summary>
sealed class DeploymentIndex(int depth)
{
    readonly Dictionary<Guid, string> commits = [];
    string? indexedTip;

    public bool TryGet(Guid deploymentId, out string sha) => commits.TryGetValue(deploymentId, out sha!);

    /// <summary>Reads the commits added since the last call (at most <c>depth</c> on the first).</summary>
    public void CatchUp(Repository repo, Commit tip)
    {
        if (tip.Sha == indexedTip)
        {
            return;
        }

        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological };
        if (indexedTip is not null && repo.Lookup<Commit>(indexedTip) is not null)
        {
            filter.ExcludeReachableFrom = indexedTip;
        }

        // Newest first to bound the read, then oldest first so that the first commit carrying an id keeps it.
        foreach (var commit in repo.Commits.QueryBy(filter).Take(depth).Reverse())
        {
            foreach (var id in CommitTrailers.DeploymentIds(commit.Message))
            {
                commits.TryAdd(id, commit.Sha);
            }
        }

        indexedTip = tip.Sha;
    }

    public void Add(Guid deploymentId, string sha) => commits[deploymentId] = sha;
}
