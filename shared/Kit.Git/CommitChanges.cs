using LibGit2Sharp;

namespace Kit.Git;

/// <summary>What a commit changed, against its first parent.</summary>
public static class CommitChanges
{
    /// <summary>The paths the commit added, changed or removed, in ordinal order (every path for a root commit).</summary>
    public static IReadOnlyList<string> Paths(Repository repo, Commit commit)
    {
        var parent = commit.Parents.FirstOrDefault();
        using var changes = repo.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree);
        return [.. changes.Select(c => c.Path).Order(StringComparer.Ordinal)];
    }
}
