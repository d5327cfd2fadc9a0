using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.ImageUpdating;

/// <summary>
/// Reads and edits an image file (<c>images/&lt;key&gt;/&lt;branch&gt;.yaml</c>) as text: only the scalar of the
/// image property and of <c>builtAt</c> change, so comments, key order and formatting stay as people wrote them.
/// The parser gives each scalar's position; the text between is never touched.
/// </summary>
public static partial class ImageFile
{
    /// <summary>The key beside the image property that records the build time, so an older build never wins.</summary>
    public const string BuiltAtKey = "builtAt";

    /// <summary>A file with <c>pinned: true</c> is never changed by the image-deployer.</summary>
    public const string PinnedKey = "pinned";

    public static ImageFileState Read(string? text, string property, string file)
    {
        var entries = Parse(text, file);
        if (entries is null)
        {
            return ImageFileState.Empty;
        }

        var image = entries.Values.GetValueOrDefault(property).Value;
        var builtAt = entries.Values.GetValueOrDefault(BuiltAtKey).Value;
        var pinned = entries.Values.GetValueOrDefault(PinnedKey).Value;
        DateTimeOffset? time = null;
        if (builtAt is { Value.Length: > 0 })
        {
            if (!DateTimeOffset.TryParse(builtAt.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ImageUpdateException($"{file}: {BuiltAtKey} '{builtAt.Value}' is not a date and time", file, (int)builtAt.Start.Line);
            }

            time = parsed;
        }

        return new ImageFileState(
            image is { Value.Length: > 0 } ? image.Value : null,
            time,
            pinned?.Value.ToLowerInvariant() is "true" or "yes" or "on");
    }

    /// <summary>Sets the image property and <c>builtAt</c>; other text stays byte for byte. A missing file or key is added.</summary>
    public static string Write(string? text, string property, string image, DateTimeOffset? builtAt, string file)
    {
        text ??= "";
        var entries = Parse(text, file);
        var edits = new List<(long Start, long End, string Replacement)>();
        var appended = new StringBuilder();
        Set(property, image);
        if (builtAt is { } time)
        {
            Set(BuiltAtKey, time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        }

        var result = new StringBuilder(text);
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start))
        {
            result.Remove((int)start, (int)(end - start)).Insert((int)start, replacement);
        }

        if (appended.Length > 0)
        {
            if (result.Length > 0 && result[^1] != '\n')
            {
                result.Append('\n');
            }

            result.Append(appended);
        }

        return result.ToString();

        void Set(string key, string value)
        {
            if (entries is not null && entries.Values.TryGetValue(key, out var entry))
            {
                edits.Add(Replace(text, entry, value));
                return;
            }

            if (entries is { Flow: true })
            {
                throw new ImageUpdateException($"{file}: cannot add '{key}' to a flow mapping; write the file as a block mapping", file, 1);
            }

            appended.Append(new string(' ', entries?.Indent ?? 0)).Append(key).Append(": ").Append(Plain(value) ? value : DoubleQuoted(value)).Append('\n');
        }
    }

    static (long, long, string) Replace(string text, (Scalar Key, Scalar Value) entry, string value)
    {
        var scalar = entry.Value;
        if (scalar.Value.Length == 0 && scalar.Style is ScalarStyle.Plain or ScalarStyle.Any)
        {
            // An empty value ("image:") has no text of its own: write it right after the key's colon.
            var colon = text.IndexOf(':', (int)entry.Key.End.Index);
            var at = colon < 0 ? entry.Key.End.Index : colon + 1;
            return (at, at, " " + (Plain(value) ? value : DoubleQuoted(value)));
        }

        var replacement = scalar.Style switch
        {
            ScalarStyle.DoubleQuoted => DoubleQuoted(value),
            ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
            _ => Plain(value) ? value : DoubleQuoted(value),
        };
        return (scalar.Start.Index, scalar.End.Index, replacement);
    }

    static Entries? Parse(string? text, string file)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var parser = YamlDepth.Parser(text);
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }

            if (parser.TryConsume<Scalar>(out var rootScalar))
            {
                return rootScalar.Value.Length == 0 && rootScalar.Style is ScalarStyle.Plain or ScalarStyle.Any
                    ? null
                    : throw new ImageUpdateException($"{file} must be a mapping with the image property", file, (int)rootScalar.Start.Line);
            }

            if (!parser.TryConsume<MappingStart>(out var mapping))
            {
                throw new ImageUpdateException($"{file} must be a mapping with the image property", file, (int)parser.Current!.Start.Line);
            }

            var values = new Dictionary<string, (Scalar Key, Scalar Value)>(StringComparer.Ordinal);
            int? indent = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    parser.SkipThisAndNestedEvents();
                    parser.SkipThisAndNestedEvents();
                    continue;
                }

                indent ??= (int)key.Start.Column - 1;
                if (parser.TryConsume<Scalar>(out var value))
                {
                    values.TryAdd(key.Value, (key, value));
                }
                else
                {
                    parser.SkipThisAndNestedEvents();
                }
            }

            return new Entries(values, mapping.Style == MappingStyle.Flow, Math.Max(0, indent ?? 0));
        }
        catch (YamlException e)
        {
            throw new ImageUpdateException($"{file} does not parse: {e.Message}", file, (int)e.Start.Line);
        }
    }

    static bool Plain(string value) => PlainSafe().IsMatch(value) && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal);

    static string DoubleQuoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/:@+\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    sealed record Entries(Dictionary<string, (Scalar Key, Scalar Value)> Values, bool Flow, int Indent);
}
