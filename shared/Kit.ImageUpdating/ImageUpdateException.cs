namespace Kit.ImageUpdating;

/// <summary>An image cannot be written because of its input or the repository's content; retrying cannot help.</summary>
public sealed class ImageUpdateException(string message, string? file = null, int? line = null) : Exception(message)
{
    public string? File { get; } = file;

    public int? Line { get; } = line;
}
