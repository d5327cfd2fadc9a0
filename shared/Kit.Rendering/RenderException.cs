namespace Kit.Rendering;

/// <summary>Thrown inside the renderer for bad input; always caught and turned into a <see cref="RenderError"/>.</summary>
public sealed class RenderException(string message, string? file = null, int? line = null) : Exception(message)
{
    public string? File { get; } = file;

    public int? Line { get; } = line;

    public RenderError ToError(string? cluster = null, string? resource = null) => new(Message, File, Line, cluster, resource);
}
