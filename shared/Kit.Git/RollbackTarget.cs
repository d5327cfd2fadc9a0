using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// What a rollback restores: the commit <see cref="Sha"/> (named <see cref="GivenRef"/> by the user), wholly or only at
/// <see cref="Paths"/> (repository-relative, normalised; empty = the whole tree).
/// </summary>
public sealed record RollbackTarget(string Sha, string GivenRef, IReadOnlyList<string> Paths)
{
    /// <summary>
    /// Resolves <paramref name="gitRef"/> (a sha or its prefix, a branch, <c>main~2</c>) in <paramref name="repo"/> and checks
    /// <paramref name="paths"/>; throws <see cref="RollbackException"/> saying what is wrong.
    /// </summary>
    public static RollbackTarget Resolve(Repository repo, string gitRef, IReadOnlyList<string> paths)
    {
        var given = gitRef.Trim();
        Commit? commit = null;
        if (given.Length > 0)
        {
            try
            {
                commit = repo.Lookup<Commit>(given) ?? repo.Lookup<Commit>("refs/heads/" + given);
            }
            catch (LibGit2SharpException)
            {
                // An ambiguous or malformed name: the same answer as an unknown one.
            }
        }

        if (commit is null)
        {
            throw new RollbackException($"no commit '{given}' in the repository (give a sha, a branch or a branch~N)");
        }

        return new RollbackTarget(commit.Sha, given, [.. paths.Select(NormalizePath).Distinct(StringComparer.Ordinal)]);
    }

    static string NormalizePath(string path)
    {
        if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':'))
        {
            throw new RollbackException($"--paths {path}: the path is absolute; give it relative to the repository's root");
        }

        var normalized = SafePath.Normalize(path, out var problem)
            ?? throw new RollbackException($"--paths {path}: {problem}");
        if (normalized.Length == 0)
        {
            throw new RollbackException($"--paths {path}: names the whole repository; leave out --paths to roll back everything");
        }

        return SafePath.IsPlainRelative(normalized)
            ? normalized
            : throw new RollbackException($"--paths {path}: not a plain path inside the repository");
    }
}
