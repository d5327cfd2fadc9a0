using System.Text;

namespace Kit.Rendering.Trees;

/// <summary>A plain folder (a working copy or any directory), for <c>kit render</c> without <c>--ref</c>.</summary>
public sealed class FileSystemTree : IRepositoryTree
{
    readonly string root;

    public FileSystemTree(string folder)
    {
        root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"the folder '{folder}' does not exist");
        }

        root = Path.TrimEndingDirectorySeparator(root);
    }

    public string Description => root;

    public string? ReadText(string path)
    {
        var full = Resolve(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return null;
        }

        // A symbolic link may point anywhere on the machine: follow it only while it stays inside.
        // (The attribute comes with the status already read; LinkTarget is one more system call.)
        if (info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (target is null || !IsInside(target))
            {
                throw new RenderException($"'{path}' is a symbolic link that leaves the repository", path);
            }
        }

        RepositoryLimits.CheckSize(path, info.Length);
        return File.ReadAllText(full, Encoding.UTF8);
    }

    public IReadOnlyList<string> Folders(string path)
    {
        var full = Resolve(path);
        return Directory.Exists(full) ? Sorted(Directory.EnumerateDirectories(full)) : [];
    }

    public IReadOnlyList<string> Files(string path)
    {
        var full = Resolve(path);
        return Directory.Exists(full) ? Sorted(Directory.EnumerateFiles(full)) : [];
    }

    string Resolve(string path) => path.Length == 0 ? root : Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));

    bool IsInside(string full) =>
        full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    static string[] Sorted(IEnumerable<string> entries)
    {
        var names = entries.Select(Path.GetFileName).OfType<string>().ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
