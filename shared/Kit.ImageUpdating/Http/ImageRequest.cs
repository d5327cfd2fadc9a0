using System.Globalization;
using System.Text.Json;
using Kit.Hosting;

namespace Kit.ImageUpdating.Http;

/// <summary>
/// The body of <c>POST /api/images</c>, read field by field (names in any case) so that every complaint names the
/// field and says what it must be, in the request's terms.
/// </summary>
sealed record ImageRequest(
    string Image,
    string Branch,
    string? Repository,
    string? SourceCommit,
    string? CommitterName,
    string? CommitterEmail,
    string? Message,
    DateTimeOffset? BuiltAt,
    Guid? CorrelationId)
{
    /// <summary>The request; <see cref="JsonException"/> for a body that is not JSON, <see cref="FormatException"/> for a wrong field.</summary>
    public static ImageRequest Parse(byte[] body)
    {
        using var json = JsonDocument.Parse(body, JsonErrors.Options);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"body must be a JSON object, not {Kind(root.ValueKind)}");
        }

        const string Date = "a date and time (ISO 8601, e.g. 2026-12-05T14:00:00Z)";
        const string Id = "a deployment id (a GUID)";
        var builtAt = Text(root, "builtAt", Date);
        var correlationId = Text(root, "correlationId", Id);
        return new ImageRequest(
            Required(root, "image"),
            Required(root, "branch"),
            Text(root, "repository"),
            Text(root, "sourceCommit"),
            Text(root, "committerName"),
            Text(root, "committerEmail"),
            Text(root, "message"),
            builtAt is null ? null
                : DateTimeOffset.TryParse(builtAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
                : throw new FormatException($"field 'builtAt' must be {Date}"),
            correlationId is null ? null
                : Guid.TryParse(correlationId, out var id) ? id
                : throw new FormatException($"field 'correlationId' must be {Id}"));
    }

    static string Required(JsonElement root, string name) =>
        Text(root, name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : throw new FormatException($"field '{name}' is required");

    /// <summary>The field's string, null when absent or null; the name matches in any case, as JSON bodies from CI tools vary.</summary>
    static string? Text(JsonElement root, string name, string must = "a string")
    {
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    var kind => throw new FormatException($"field '{name}' must be {must}, not {Kind(kind)}"),
                };
            }
        }

        return null;
    }

    static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "a string",
    };
}
