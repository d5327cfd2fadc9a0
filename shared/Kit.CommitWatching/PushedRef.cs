namespace Kit.CommitWatching;

/// <summary>One ref a push moved: its full name (<c>refs/heads/main</c>) and its new sha when the payload gives it.</summary>
public sealed record PushedRef(string Ref, string? After);
