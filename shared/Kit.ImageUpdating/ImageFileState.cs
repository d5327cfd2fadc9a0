namespace Kit.ImageUpdating;

/// <summary>What an image file says: the current image, when it was built, and whether a person pinned it.</summary>
public sealed record ImageFileState(string? Image, DateTimeOffset? BuiltAt, bool Pinned)
{
    public static ImageFileState Empty { get; } = new(null, null, false);
}
