using LibGit2Sharp;

namespace Kit.Rendering.Trees;

/// <summary>
/// A commit's tree read straight from the git object database: no checkout, so renders of
/// different commits never interfere. libgit2 objects are not shared between threads, so reads
/// are serialised; the renderer reads every file once.
/// </summary>
public sealed class GitTree : IRepositoryTree, IDisposable
{
    readonly Repository repository;
    readonly Tree tree;
    readonly bool ownsRepository;
    readonly Lock gate = new();

    GitTree(Repository repository, Commit commit, bool ownsRepository)
    {
        this.repository = repository;
        this.ownsRepository = ownsRepository;
        tree = commit.Tree;
        CommitSha = commit.Sha;
    }

    public string CommitSha { get; }

    public string Description => "commit " + CommitSha[..12];

    /// <summary>Opens the repository at <paramref name="repositoryPath"/> and resolves <paramref name="committish"/> (sha, branch, tag, HEAD).</summary>
    public static GitTree Open(string repositoryPath, string committish)
    {
        var repository = new Repository(repositoryPath);
        try
        {
            return new GitTree(repository, Resolve(repository, committish), ownsRepository: true);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    /// <summary>A tree over a repository the caller keeps open (and disposes).</summary>
    public static GitTree ForCommit(Repository repository, string committish) =>
        new(repository, Resolve(repository, committish), ownsRepository: false);

    public string? ReadText(string path)
    {
        lock (gate)
        {
            var entry = path.Length == 0 ? null : tree[path];
            if (entry is null || entry.TargetType != TreeEntryTargetType.Blob)
            {
                return null;
            }

            if (entry.Mode == Mode.SymbolicLink)
            {
                throw new RenderException($"'{path}' is a symbolic link; kit does not follow links in the repository", path);
            }

            var blob = (Blob)entry.Target;
            RepositoryLimits.CheckSize(path, blob.Size);
            using var content = blob.GetContentStream(new FilteringOptions(path));
            using var bytes = new MemoryStream((int)blob.Size);
            content.CopyTo(bytes);
            return Utf8Text.Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), path);
        }
    }

    public IReadOnlyList<string> Folders(string path) => Entries(path, TreeEntryTargetType.Tree);

    public IReadOnlyList<string> Files(string path) => Entries(path, TreeEntryTargetType.Blob);

    public void Dispose()
    {
        if (ownsRepository)
        {
            repository.Dispose();
        }
    }

    IReadOnlyList<string> Entries(string path, TreeEntryTargetType type)
    {
        lock (gate)
        {
            Tree? folder = tree;
            if (path.Length > 0)
            {
                folder = tree[path] is { TargetType: TreeEntryTargetType.Tree } entry ? (Tree)entry.Target : null;
            }

            if (folder is null)
            {
                return [];
            }

            var names = folder.Where(e => e.TargetType == type).Select(e => e.Name).ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }

    static Commit Resolve(Repository repository, string committish)
    {
        var commit = repository.Lookup<Commit>(committish)
            ?? (repository.Branches[committish] ?? repository.Branches["origin/" + committish])?.Tip;
        return commit ?? throw new RenderException($"'{committish}' is not a commit, branch or tag of the repository");
    }
}
