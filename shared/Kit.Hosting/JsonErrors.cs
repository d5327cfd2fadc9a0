using System.Text.Json;

namespace Kit.Hosting;

/// <summary>A JSON syntax error in the request's terms: what is wrong and where, without .NET's type names or its 0-based positions.</summary>
public static class JsonErrors
{
    public static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>e.g. <c>body is not JSON: 'x' is an invalid start of a value at line 1 column 11</c>.</summary>
    public static string Describe(JsonException e)
    {
        // The reader's message ends with " LineNumber: 0 | BytePositionInLine: 10." (and a Path when it has one).
        var message = e.Message;
        foreach (var tail in new[] { " Path:", " LineNumber:", "LineNumber:" })
        {
            var at = message.IndexOf(tail, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        message = message.Trim().TrimEnd('.');
        var where = e.LineNumber is { } line ? $" at line {line + 1} column {(e.BytePositionInLine ?? 0) + 1}" : "";
        return $"body is not JSON: {message}{where}";
    }
}
