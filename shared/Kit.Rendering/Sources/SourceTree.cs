using Kit.Git;
using Kit.Rendering.Trees;

namespace Kit.Rendering.Sources;

/// <summary>
/// A source's folder as a tree of its own: paths are relative to the folder, so nothing a source names can be read
/// from outside it, and every problem names the file as <c>&lt;source&gt;:&lt;path in its repository&gt;</c>.
/// </summary>
internal sealed class SourceTree(KitSource source, IRepositoryTree inner, string innerFolder, string revision) : IRepositoryTree
{
    public KitSource Source => source;

    /// <summary>The commit the source is rendered at, or the local folder that stands in for it.</summary>
    public string Revision => revision;

    public string Description => $"source {source.Name} at {revision}";

    /// <summary>How messages name a file of the source: <c>api:deploy/api.sbn</c>, as <c>git show</c> takes it.</summary>
    public string Label(string path) => source.Name + ":" + RepositoryPath.Join(source.Path, path);

    public string? ReadText(string path)
    {
        try
        {
            return inner.ReadText(RepositoryPath.Join(innerFolder, path));
        }
        catch (RenderException e)
        {
            throw new RenderException(e.Message, Label(path), e.Line);
        }
    }

    public IReadOnlyList<string> Folders(string path) => inner.Folders(RepositoryPath.Join(innerFolder, path));

    public IReadOnlyList<string> Files(string path) => inner.Files(RepositoryPath.Join(innerFolder, path));
}
