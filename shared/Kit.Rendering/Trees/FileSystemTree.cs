using System.Buffers;
using System.Collections.Concurrent;

namespace Kit.Rendering.Trees;

/// <summary>A plain folder (a working copy or any directory), for <c>kit render</c> without <c>--ref</c>.</summary>
public sealed class FileSystemTree : IRepositoryTree
{
    readonly string root;

    // Folders already found to stay inside: each is checked once per render, not once per file.
    readonly ConcurrentDictionary<string, bool> insideFolders = new(StringComparer.Ordinal);

    public FileSystemTree(string folder)
    {
        root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"the folder '{folder}' does not exist");
        }

        // The real folder, so that a link that leads back inside it is told from one that leaves it.
        root = RealPath.Of(root);
    }

    public string Description => root;

    public string? ReadText(string path)
    {
        CheckFolder(RepositoryPath.Folder(path));
        var full = Resolve(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return null;
        }

        // A symbolic link may point anywhere on the machine: follow it only while it stays inside.
        // (The attribute comes with the status already read; LinkTarget is one more system call.)
        if (info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is not null && !IsInside(RealPath.Of(full)))
        {
            throw new RenderException($"'{path}' is a symbolic link that leaves the repository", path);
        }

        RepositoryLimits.CheckSize(path, info.Length);
        return ReadUtf8(full, path, (int)info.Length);
    }

    /// <summary>
    /// The file as UTF-8 text without a byte order mark (<see cref="Utf8Text"/>), through one pooled
    /// buffer instead of a reader's buffers: a render reads thousands of small files.
    /// </summary>
    static string ReadUtf8(string full, string path, int expected)
    {
        using var handle = File.OpenHandle(full);
        var buffer = ArrayPool<byte>.Shared.Rent(expected + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    // The file grew since its size was read: read the rest too.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return Utf8Text.Decode(buffer.AsSpan(0, length), path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public IReadOnlyList<string> Folders(string path)
    {
        CheckFolder(path);
        var full = Resolve(path);
        return Directory.Exists(full) ? Sorted(Directory.EnumerateDirectories(full)) : [];
    }

    public IReadOnlyList<string> Files(string path)
    {
        CheckFolder(path);
        var full = Resolve(path);
        return Directory.Exists(full) ? Sorted(Directory.EnumerateFiles(full)) : [];
    }

    /// <summary>
    /// Refuses a folder that is, or lies under, a symbolic link leading outside the repository (<c>resources/x -> /etc</c>):
    /// the file checks alone would read <c>resources/x/passwd</c>, which is no link itself.
    /// </summary>
    void CheckFolder(string path)
    {
        if (path.Length == 0 || insideFolders.ContainsKey(path))
        {
            return;
        }

        CheckFolder(RepositoryPath.Folder(path));
        var info = new DirectoryInfo(Resolve(path));
        if (info.LinkTarget is not null && !IsInside(RealPath.Of(info.FullName)))
        {
            throw new RenderException($"'{path}' is a symbolic link that leaves the repository", path);
        }

        insideFolders.TryAdd(path, true);
    }

    string Resolve(string path) => path.Length == 0 ? root : Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));

    bool IsInside(string full) => RealPath.IsInside(full, root);

    static string[] Sorted(IEnumerable<string> entries)
    {
        var names = entries.Select(Path.GetFileName).OfType<string>().ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }
}
