using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One field error of a 422 Invalid answer, worded as apimachinery's field.Error renders it.</summary>
sealed record FieldError(string Field, string Reason, string Body)
{
    /// <summary>`Invalid value: &lt;value&gt;: detail`: strings quoted, numbers and booleans bare, anything else as JSON.</summary>
    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Render(value)}: {detail}");

    public static FieldError Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    static string Render(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.TryGetValue<string>(out var s) => System.Text.Json.JsonSerializer.Serialize(s, Json.Options),
        _ => value.ToJsonString(Json.Options),
    };
}
