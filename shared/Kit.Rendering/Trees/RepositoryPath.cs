namespace Kit.Rendering.Trees;

/// <summary>Joins and normalises repository-relative paths, refusing any that leave the repository.</summary>
public static class RepositoryPath
{
    /// <summary>
    /// Resolves <paramref name="relative"/> against the folder <paramref name="baseFolder"/> ("" = the root).
    /// Throws a <see cref="RenderException"/> naming <paramref name="referencedFrom"/> when the result would
    /// leave the repository or is absolute.
    /// </summary>
    public static string Combine(string baseFolder, string relative, string? referencedFrom = null, int? line = null)
    {
        if (relative.Length == 0)
        {
            return Normalize(baseFolder, referencedFrom, line);
        }

        if (relative.StartsWith('/') || relative.StartsWith('\\') || (relative.Length > 1 && relative[1] == ':'))
        {
            throw new RenderException($"path '{relative}' is absolute; paths must be relative to the repository", referencedFrom, line);
        }

        return Normalize(baseFolder.Length == 0 ? relative : baseFolder + "/" + relative, referencedFrom, line);
    }

    /// <summary>Removes '.', resolves '..', turns '\' into '/'; throws when the path leaves the root.</summary>
    public static string Normalize(string path, string? referencedFrom = null, int? line = null)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new RenderException($"path '{path}' leaves the repository", referencedFrom, line);
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            if (part.Contains('\0'))
            {
                throw new RenderException($"path '{path}' contains a NUL character", referencedFrom, line);
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>The folder part of a path ("" for a file at the root).</summary>
    public static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The file name part of a path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;
}
