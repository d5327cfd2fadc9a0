namespace Kit.Rendering.Trees;

/// <summary>
/// A read-only view of a deployments repository at one state. Paths are relative to the root,
/// separated by '/', already checked by <see cref="RepositoryPath"/>.
/// </summary>
public interface IRepositoryTree
{
    /// <summary>A short description for messages, e.g. the commit or the folder.</summary>
    string Description { get; }

    /// <summary>The file's text (UTF-8), or null when there is no such file.</summary>
    string? ReadText(string path);

    /// <summary>The names of the sub-folders of a folder (none when it does not exist), sorted ordinally.</summary>
    IReadOnlyList<string> Folders(string path);

    /// <summary>The names of the files of a folder (none when it does not exist), sorted ordinally.</summary>
    IReadOnlyList<string> Files(string path);
}
