using LibGit2Sharp;

namespace Kit.Rendering;

/// <summary>A commit's position on its branch: the number of commits on the first-parent path from the root.</summary>
public static class CommitSequence
{
    /// <summary>1 for a root commit; grows by one per commit along the first-parent history.</summary>
    public static long Of(Repository repository, string sha)
    {
        var commit = repository.Lookup<Commit>(sha) ?? throw new ArgumentException($"commit {sha} is not in the repository", nameof(sha));
        long count = 0;
        for (var current = commit; current is not null; current = current.Parents.FirstOrDefault())
        {
            count++;
        }

        return count;
    }
}
