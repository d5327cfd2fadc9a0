using Kit.Git;

namespace Kit.Rendering.Trees;

/// <summary>Joins and normalises repository-relative paths by <see cref="SafePath"/>'s rules, refusing any that leave the repository.</summary>
public static class RepositoryPath
{
    /// <summary>
    /// Resolves <paramref name="relative"/> against the folder <paramref name="baseFolder"/> ("" = the root).
    /// Throws a <see cref="RenderException"/> naming <paramref name="referencedFrom"/> when the result would
    /// leave the repository or is absolute.
    /// </summary>
    public static string Combine(string baseFolder, string relative, string? referencedFrom = null, int? line = null) =>
        SafePath.Combine(baseFolder, relative, out var problem) ?? throw new RenderException(problem!, referencedFrom, line);

    /// <summary>Removes '.', resolves '..', turns '\' into '/'; throws when the path leaves the root.</summary>
    public static string Normalize(string path, string? referencedFrom = null, int? line = null) =>
        SafePath.Normalize(path, out var problem) ?? throw new RenderException(problem!, referencedFrom, line);

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
