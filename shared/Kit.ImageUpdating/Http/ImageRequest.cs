using System.Globalization;
using System.Text.Json;
using Kit.Contracts;
using Kit.Git;
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
    /// <summary>The <c>source</c> field (<c>{"name": …, "commit": …}</c>, the commit defaulting to <c>sourceCommit</c>), or null.</summary>
    public SourceRevision? Source { get; init; }

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
                : throw new FormatException($"field 'correlationId' must be {Id}"))
        {
            Source = SourceField(root, Text(root, "sourceCommit")),
        };
    }

    static SourceRevision? SourceField(JsonElement root, string? sourceCommit)
    {
        const string Must = "an object with 'name' (a source in kit.yaml) and 'commit' (a full 40-character sha)";
        var field = root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "source", StringComparison.OrdinalIgnoreCase));
        if (field.Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (field.Value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"field 'source' must be {Must}, not {Kind(field.Value.ValueKind)}");
        }

        var name = Text(field.Value, "name", Must);
        var commit = Text(field.Value, "commit", Must) ?? sourceCommit;
        if (string.IsNullOrWhiteSpace(name) || commit is null || !SourcesLock.IsSha(commit.Trim()))
        {
            throw new FormatException($"field 'source' must be {Must}");
        }

        return new SourceRevision { Name = name.Trim(), Commit = commit.Trim() };
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
