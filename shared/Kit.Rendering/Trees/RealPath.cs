namespace Kit.Rendering.Trees;

/// <summary>Paths with every symbolic link resolved, as the operating system would follow them.</summary>
public static class RealPath
{
    const int MaxLinks = 40;

    /// <summary>
    /// The absolute path with each existing component's symbolic links resolved; the part that does not exist
    /// yet is kept as written (after <see cref="Path.GetFullPath(string)"/>).
    /// </summary>
    public static string Of(string path) => Of(Path.GetFullPath(path), 0);

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it (both real paths).</summary>
    public static bool IsInside(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(folder);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || root == Path.GetPathRoot(root);
    }

    static string Of(string full, int links)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = new FileInfo(next);
            if (!info.Exists)
            {
                info = new DirectoryInfo(next);
                if (!info.Exists && info.LinkTarget is null)
                {
                    return Path.Combine([next, .. parts[(i + 1)..]]);
                }
            }

            if (info.LinkTarget is { } target)
            {
                if (links >= MaxLinks)
                {
                    throw new IOException($"too many levels of symbolic links in '{full}'");
                }

                next = Of(Path.GetFullPath(target, current), links + 1);
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
