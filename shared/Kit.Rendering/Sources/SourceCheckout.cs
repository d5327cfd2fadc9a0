namespace Kit.Rendering.Sources;

/// <summary>
/// One source as a render finds it: its folder at the pinned commit (or a local copy), or why it could not be read,
/// with the names of the resources it provided when kit last held a copy of it (null: not known).
/// </summary>
internal sealed record SourceCheckout(string Name, SourceTree? Tree, string? Failure, IReadOnlyList<string>? KnownResources = null);
