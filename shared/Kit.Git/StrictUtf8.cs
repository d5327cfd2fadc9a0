using System.Text;
using System.Text.Unicode;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// Decodes a repository file as UTF-8 (a UTF-16 or UTF-32 byte order mark is honoured). Bytes that are not
/// UTF-8 are an error at the line of the first one, never replacement characters used as if written.
/// </summary>
public static class StrictUtf8
{
    /// <summary>The text; <paramref name="invalid"/> makes the exception to throw from the reason and the 1-based line.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, Func<string, int, Exception> invalid)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }
        else if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }

        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // The decoder stops at the first byte that is not UTF-8: everything before it is text.
        Utf8.ToUtf16(bytes, new char[bytes.Length], out var valid, out _, replaceInvalidSequences: false);
        var before = bytes[..valid];
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[(before.LastIndexOf((byte)'\n') + 1)..]) + 1;
        throw invalid($"not valid UTF-8: byte 0x{bytes[Math.Min(valid, bytes.Length - 1)]:X2} at column {column}; kit reads text files as UTF-8", line);
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="commit"/>, decoded as <see cref="Decode"/> does; null when there is no such file.</summary>
    public static string? ReadFile(Commit commit, string path, Func<string, int, Exception> invalid)
    {
        if (commit[path]?.Target is not Blob blob)
        {
            return null;
        }

        using var content = blob.GetContentStream();
        using var bytes = new MemoryStream((int)blob.Size);
        content.CopyTo(bytes);
        return Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), invalid);
    }
}
