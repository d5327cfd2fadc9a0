using LibGit2Sharp;

namespace Kit.Cli.Demo;

/// <summary>Makes a bare deployments repository from a folder, as a team's git server would hold it.</summary>
public static class DeploymentsRepository
{
    static readonly Signature Author = new("kit demo", "demo@kit.local", DateTimeOffset.UtcNow);

    /// <summary>Commits every file of <paramref name="source"/> on <paramref name="branch"/> and returns the bare repository's path.</summary>
    public static string CreateBare(string source, string bare, string branch = "main")
    {
        var work = bare + ".work";
        CopyTree(source, work);
        Repository.Init(work);
        using (var repo = new Repository(work))
        {
            LibGit2Sharp.Commands.Stage(repo, "*");
            var signature = new Signature(Author.Name, Author.Email, DateTimeOffset.UtcNow);
            repo.Commit("Initial deployments repository", signature, signature);
            var head = repo.Head;
            if (head.FriendlyName != branch)
            {
                repo.Branches.Rename(head, branch);
            }
        }

        Repository.Clone(work, bare, new CloneOptions { IsBare = true, BranchName = branch });
        using (var repo = new Repository(bare))
        {
            repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
        }

        Directory.Delete(work, recursive: true);
        return bare;
    }

    /// <summary>The newest commit of <paramref name="branch"/>: sha and first line of its message.</summary>
    public static (string Sha, string Subject) Tip(string bare, string branch = "main")
    {
        using var repo = new Repository(bare);
        var tip = repo.Branches[branch].Tip;
        return (tip.Sha, tip.MessageShort);
    }

    static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}
