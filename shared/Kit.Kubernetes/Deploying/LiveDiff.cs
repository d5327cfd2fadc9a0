using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Deploying;

/// <summary>
/// The fields where a live object differs from the desired one (only fields the manifest sets count:
/// the server adds defaults and status). Secret values are never shown.
/// </summary>
public static class LiveDiff
{
    public const string Redacted = "(redacted)";

    public static IReadOnlyList<string> Compare(JsonNode desired, JsonNode? live)
    {
        var secret = desired["kind"]?.GetValue<string>() == "Secret";
        var result = new List<string>();
        Walk(desired, live, "", secret, result);
        return result;
    }

    static void Walk(JsonNode? desired, JsonNode? live, string path, bool secret, List<string> result)
    {
        if (desired is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                Walk(value, (live as JsonObject)?[key], path.Length == 0 ? key : $"{path}.{key}", secret, result);
            }

            return;
        }

        if (desired is JsonArray array && live is JsonArray liveArray && array.Count == liveArray.Count)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], liveArray[i], $"{path}[{i}]", secret, result);
            }

            return;
        }

        if (JsonNode.DeepEquals(desired, live) || (desired is not null && live is not null && desired.ToString() == live.ToString()))
        {
            return;
        }

        var hide = secret && (path.StartsWith("data.", StringComparison.Ordinal) || path.StartsWith("stringData.", StringComparison.Ordinal));
        result.Add(hide
            ? $"{path}: {Redacted} -> {Redacted}"
            : $"{path}: {live?.ToJsonString() ?? "(none)"} -> {desired?.ToJsonString() ?? "(none)"}");
    }
}
