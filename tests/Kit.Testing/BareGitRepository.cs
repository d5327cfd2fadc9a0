using System.Text;
using Kit.Harness;
using LibGit2Sharp;

namespace Kit.Testing;

/// <summary>A bare git repository on disk with a first commit on <c>main</c>; people's commits are made straight into it.</summary>
public sealed class BareGitRepository : IDisposable
{
    readonly TempDirectory root = new("kit-git");

    BareGitRepository(string name)
    {
        Name = name;
        Path = root.Combine(name);
        Repository.Init(Path, isBare: true);
        using var repo = new Repository(Path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/" + Branch);
    }

    public const string Branch = "main";

    /// <summary>The repository's folder name (its path under <see cref="Root"/>).</summary>
    public string Name { get; }

    /// <summary>The folder that holds the repository: what git daemon or http-backend serve.</summary>
    public string Root => root.Path;

    public string Path { get; }

    /// <summary>A fresh repository whose first commit holds <paramref name="files"/> (path → text).</summary>
    public static BareGitRepository Create(IReadOnlyDictionary<string, string>? files = null, string name = "deployments.git")
    {
        var repository = new BareGitRepository(name);
        repository.Commit(files ?? new Dictionary<string, string> { ["README.md"] = "deployments\n" }, "First commit");
        return repository;
    }

    /// <summary>Commits files on the branch as a person would (no kit trailer); returns the sha.</summary>
    public string Commit(IReadOnlyDictionary<string, string> files, string message, string author = "Ada Lovelace") =>
        CommitTo(Path, Branch, files, message, author);

    /// <summary>Commits files on <paramref name="branch"/> of any repository on disk as a person would; returns the sha.</summary>
    public static string CommitTo(string repository, string branch, IReadOnlyDictionary<string, string> files, string message, string author = "Ada Lovelace") =>
        CommitBytesTo(repository, branch, files.ToDictionary(f => f.Key, f => (byte[]?)Encoding.UTF8.GetBytes(f.Value)), message, author);

    /// <summary>Commits files as bytes (any content, valid text or not); a null content removes the file. Returns the sha.</summary>
    public static string CommitBytesTo(string repository, string branch, IReadOnlyDictionary<string, byte[]?> files, string message, string author = "Ada Lovelace")
    {
        using var repo = new Repository(repository);
        var parent = repo.Branches[branch]?.Tip;
        var tree = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
        foreach (var (path, bytes) in files)
        {
            if (bytes is null)
            {
                tree.Remove(path);
            }
            else
            {
                tree.Add(path, repo.ObjectDatabase.CreateBlob(new MemoryStream(bytes)), Mode.NonExecutableFile);
            }
        }

        var signature = new Signature(author, "ada@example.com", DateTimeOffset.UtcNow);
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, message + "\n", repo.ObjectDatabase.CreateTree(tree), parent is null ? [] : [parent], prettifyMessage: false);
        repo.Refs.UpdateTarget(repo.Refs["refs/heads/" + branch] ?? repo.Refs.Add("refs/heads/" + branch, commit.Id), commit.Id);
        return commit.Sha;
    }

    /// <summary>The text of a file at the branch tip, or null.</summary>
    public string? ReadFile(string path)
    {
        using var repo = new Repository(Path);
        return repo.Branches[Branch].Tip[path]?.Target is Blob blob ? blob.GetContentText(Encoding.UTF8) : null;
    }

    public string Tip
    {
        get
        {
            using var repo = new Repository(Path);
            return repo.Branches[Branch].Tip.Sha;
        }
    }

    /// <summary>The branch's commits, newest first: sha, message, author name.</summary>
    public IReadOnlyList<(string Sha, string Message, string Author)> Log()
    {
        using var repo = new Repository(Path);
        var filter = new CommitFilter { IncludeReachableFrom = repo.Branches[Branch].Tip, SortBy = CommitSortStrategies.Topological };
        return [.. repo.Commits.QueryBy(filter).Select(c => (c.Sha, c.Message, c.Author.Name))];
    }

    public void Dispose() => root.Dispose();
}
