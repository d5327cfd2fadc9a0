using Kit.Git;

namespace Kit.Rendering.Trees;

/// <summary>A repository file's text (<see cref="StrictUtf8"/>); bytes that are not UTF-8 are a <see cref="RenderException"/> with file and line.</summary>
internal static class Utf8Text
{
    public static string Decode(ReadOnlySpan<byte> bytes, string path) =>
        StrictUtf8.Decode(bytes, (reason, line) => new RenderException(reason, path, line));
}
