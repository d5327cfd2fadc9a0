using Kit.Git;
using LibGit2Sharp;

namespace Kit.CommitWatching;

/// <summary>
/// Which commit of the branch first carries each <c>Kit-Deployment-Id</c> trailer. The image-deployer writes a
/// trailer only with a deployment id that no commit of the branch carries yet (its own index refuses to write one
/// twice) and announces that commit itself, under that id. So a commit whose every trailer id first appears on it
/// is the image-deployer's own and is not announced again; a commit that repeats an id an earlier commit carries
/// is a copy (a cherry-pick, a revert of a revert, a commit copied from another branch) that nobody announced,
/// and is announced like any other commit. The image-deployer's index keeps the earliest commit per id too, so
/// both sides name the same commit the image-deployer's own.
/// </summary>
sealed class TrailerHistory
{
    readonly Dictionary<Guid, string> first = [];
    string? indexedTip;

    /// <summary>Reads the commits added since the last call, oldest first (the whole history on the first call).</summary>
    public void CatchUp(Repository repo, Commit tip)
    {
        if (tip.Sha == indexedTip)
        {
            return;
        }

        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse };
        if (indexedTip is not null && repo.Lookup<Commit>(indexedTip) is not null)
        {
            filter.ExcludeReachableFrom = indexedTip;
        }

        foreach (var commit in repo.Commits.QueryBy(filter))
        {
            foreach (var id in CommitTrailers.DeploymentIds(commit.Message))
            {
                first.TryAdd(id, commit.Sha);
            }
        }

        indexedTip = tip.Sha;
    }

    /// <summary>True when every trailer id of the commit first appears on it (read the history up to it first).</summary>
    public bool AnnouncedByImageDeployer(Commit commit)
    {
        var ids = CommitTrailers.DeploymentIds(commit.Message);
        return ids.Count > 0 && ids.All(id => first.TryGetValue(id, out var sha) && sha == commit.Sha);
    }
}
