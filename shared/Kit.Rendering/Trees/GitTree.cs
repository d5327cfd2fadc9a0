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

    /// <summary>
    /// Each folder's entries by name, listed once. A folder of a thousand clusters is one tree object larger than
    /// libgit2 keeps in its object cache, so finding each file by its whole path read and parsed it again.
    /// </summary>
    readonly Dictionary<string, Dictionary<string, TreeEntry>?> folders = new(StringComparer.Ordinal);

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
            var entry = path.Length == 0 ? null : Entry(path);
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
            if (Folder(path) is not { } folder)
            {
                return [];
            }

            var names = folder.Values.Where(e => e.TargetType == type).Select(e => e.Name).ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>The entry at a path (under the lock); a path that is not plainly folder/…/name is looked up whole, as git does.</summary>
    TreeEntry? Entry(string path)
    {
        if (!IsPlain(path))
        {
            return tree[path];
        }

        var slash = path.LastIndexOf('/');
        return Folder(slash < 0 ? "" : path[..slash])?.GetValueOrDefault(path[(slash + 1)..]);
    }

    /// <summary>A folder's entries by name (under the lock), null when there is no such folder.</summary>
    Dictionary<string, TreeEntry>? Folder(string path)
    {
        if (folders.TryGetValue(path, out var found))
        {
            return found;
        }

        var folder = path.Length == 0 ? tree
            : Entry(path) is { TargetType: TreeEntryTargetType.Tree } entry ? (Tree)entry.Target
            : null;
        var entries = folder?.ToDictionary(e => e.Name, StringComparer.Ordinal);
        folders[path] = entries;
        return entries;
    }

    static bool IsPlain(string path)
    {
        foreach (var range in path.AsSpan().Split('/'))
        {
            if (path.AsSpan(range) is [] or "." or "..")
            {
                return false;
            }
        }

        return path.Length > 0;
    }

    static Commit Resolve(Repository repository, string committish)
    {
        var commit = repository.Lookup<Commit>(committish)
            ?? (repository.Branches[committish] ?? repository.Branches["origin/" + committish])?.Tip;
        return commit ?? throw new RenderException($"'{committish}' is not a commit, branch or tag of the repository");
    }
}
