using System.Text;

namespace Kit.Rendering.Templates;

/// <summary>The size check of a rendered file, worded the same for every engine.</summary>
internal static class OutputLimit
{
    /// <summary>Throws when <paramref name="text"/> is more than <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static void Check(string text, string path, int maxBytes)
    {
        // A character is one to three bytes: only a text that could be over the limit is measured.
        if (text.Length > maxBytes / 3 && (text.Length > maxBytes || Encoding.UTF8.GetByteCount(text) > maxBytes))
        {
            throw Exceeded(path, maxBytes);
        }
    }

    public static RenderException Exceeded(string path, int maxBytes, int? line = null) => new(
        $"the rendered output is larger than {Describe(maxBytes)} (Kit__Rendering__MaxOutputBytes = {maxBytes}); raise the setting if a file this big is meant",
        path,
        line);

    static string Describe(int bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / 1024 / 1024} MiB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";
}
