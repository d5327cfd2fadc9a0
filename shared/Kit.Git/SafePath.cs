namespace Kit.Git;

/// <summary>
/// The one set of rules that keeps a repository-relative path inside the repository, for the image writer (image keys,
/// branches, <c>images.path</c>) and the renderer (every file a repository names).
/// </summary>
public static class SafePath
{
    /// <summary>A relative path of plain segments: no empty, <c>.</c>, <c>..</c> or <c>.git</c> segment, no backslash or control character.</summary>
    public static bool IsPlainRelative(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !path.Any(c => c == '\\' || c == ':' || char.IsControl(c))
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != ".." && !s.Equals(".git", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves <paramref name="relative"/> against the folder <paramref name="baseFolder"/> ("" = the root); null, with
    /// <paramref name="problem"/> saying why, when the result would leave the repository or the path is absolute.
    /// </summary>
    public static string? Combine(string baseFolder, string relative, out string? problem)
    {
        if (relative.Length == 0)
        {
            return Normalize(baseFolder, out problem);
        }

        if (relative.StartsWith('/') || relative.StartsWith('\\') || (relative.Length > 1 && relative[1] == ':'))
        {
            problem = $"path '{relative}' is absolute; paths must be relative to the repository";
            return null;
        }

        return Normalize(baseFolder.Length == 0 ? relative : baseFolder + "/" + relative, out problem);
    }

    /// <summary>Removes '.', resolves '..', turns '\' into '/'; null, with <paramref name="problem"/>, when the path leaves the root.</summary>
    public static string? Normalize(string path, out string? problem)
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
                    problem = $"path '{path}' leaves the repository";
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            if (part.Contains('\0'))
            {
                problem = $"path '{path}' contains a NUL character";
                return null;
            }

            parts.Add(part);
        }

        problem = null;
        return string.Join('/', parts);
    }
}
