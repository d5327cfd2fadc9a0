using System.Text;
using System.Text.Json;

namespace Kit.Cli.Output;

/// <summary>
/// One changed field of a diff, parsed from the deployer's <c>path: live -&gt; desired</c> line; <c>(none)</c> is a
/// side without the field. Values are JSON text (Secret values already redacted by the deployer).
/// </summary>
public sealed record FieldChange(string Path, string? Live, string? Desired)
{
    public const string None = "(none)";

    const string Arrow = " -> ";

    public static FieldChange Parse(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return new FieldChange(line, null, null);
        }

        var path = line[..colon];
        var rest = line[(colon + 2)..];

        // The live value ends where a whole JSON value ends: a string or object may hold " -> " itself.
        var end = JsonLength(rest) is { } length && rest.AsSpan(length).StartsWith(Arrow) ? length : rest.IndexOf(Arrow, StringComparison.Ordinal);
        if (end < 0)
        {
            return new FieldChange(path, null, rest);
        }

        return new FieldChange(path, Side(rest[..end]), Side(rest[(end + Arrow.Length)..]));
    }

    static string? Side(string value) => value == None ? null : value;

    /// <summary>The length of the JSON value <paramref name="text"/> starts with, or null when it starts with none.</summary>
    static int? JsonLength(string text)
    {
        if (text.Length == 0 || text[0] is not ('"' or '{' or '['))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!reader.Read() || !reader.TrySkip())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return Encoding.UTF8.GetCharCount(bytes, 0, (int)reader.BytesConsumed);
    }
}
