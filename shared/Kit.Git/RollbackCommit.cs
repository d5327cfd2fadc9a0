using System.Text;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// Makes the commit that rolls the branch back to an older commit's tree, on whatever the tip is now: the target's whole
/// tree, or the tip's tree with only the target's paths replaced by the target's version (a path the target lacks is removed).
/// </summary>
public static class RollbackCommit
{
    /// <summary>
    /// The new commit's sha (not pushed; its parent is <paramref name="tip"/>), or null when the tip already has that tree.
    /// Throws <see cref="RollbackException"/> when the target is not an ancestor of the tip or a path exists at neither.
    /// </summary>
    public static string? Make(Repository repo, Commit tip, RollbackTarget target, Signature signature)
    {
        var to = repo.Lookup<Commit>(target.Sha) ?? throw new RollbackException($"commit {target.Sha} is not in the repository");
        if (to.Sha != tip.Sha && repo.ObjectDatabase.FindMergeBase(to, tip)?.Sha != to.Sha)
        {
            throw new RollbackException($"{Describe(target)} is not an earlier commit of the branch (tip {tip.Sha[..12]}); kit rolls back only to the branch's own history");
        }

        var tree = target.Paths.Count == 0 ? to.Tree : PartialTree(repo, tip, to, target.Paths);
        if (tree.Sha == tip.Tree.Sha)
        {
            return null;
        }

        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, Message(target, tip), tree, [tip], prettifyMessage: false);
        return commit.Sha;
    }

    /// <summary>The one-line summary of the target: its short sha and, when it was named otherwise, the name given.</summary>
    public static string Describe(RollbackTarget target) =>
        target.Sha.StartsWith(target.GivenRef, StringComparison.OrdinalIgnoreCase)
            ? target.Sha[..12]
            : $"{target.Sha[..12]} ({target.GivenRef})";

    static Tree PartialTree(Repository repo, Commit tip, Commit to, IReadOnlyList<string> paths)
    {
        var definition = TreeDefinition.From(tip.Tree);
        foreach (var path in paths)
        {
            var old = to[path];
            if (old is null && tip[path] is null)
            {
                throw new RollbackException($"--paths {path}: no such file or folder at {to.Sha[..12]} or at the tip");
            }

            definition.Remove(path);
            if (old is not null)
            {
                definition.Add(path, old);
            }
        }

        return repo.ObjectDatabase.CreateTree(definition);
    }

    static string Message(RollbackTarget target, Commit tip)
    {
        var message = new StringBuilder()
            .Append($"Roll back to {Describe(target)}\n\n")
            .Append($"Previous tip: {tip.Sha}\n");
        if (target.Paths.Count > 0)
        {
            message.Append($"Paths: {string.Join(", ", target.Paths)}\n");
        }

        // A trailer, so a reader (the commit watcher, a person) tells a rollback from any other commit.
        return message.Append($"\n{CommitTrailers.RollbackTo}: {target.Sha}\n").ToString();
    }
}
