using System.Text.Json.Nodes;

namespace Kit.Deploying;

/// <summary>
/// The fields where a live object differs from the desired one (only fields the manifest sets count:
/// the server adds defaults and status). Secret values are never shown, nor the values of env entries
/// that came from outside the repository (<c>external: true</c>), wherever they appear.
/// </summary>
public static class LiveDiff
{
    public const string Redacted = "(redacted)";

    // A value this short is hidden only where it is the whole field: inside longer text it would hide everything.
    const int ShortestHiddenInText = 4;

    /// <param name="desired">The object as rendered.</param>
    /// <param name="live">The object as the cluster has it.</param>
    /// <param name="externalEnv">Names of env entries whose values are secret (<see cref="Kit.Contracts.ManifestsRendered.ExternalEnv"/>).</param>
    public static IReadOnlyList<string> Compare(JsonNode desired, JsonNode? live, IReadOnlyCollection<string>? externalEnv = null)
    {
        var hidden = new Hidden(desired["kind"]?.GetValue<string>() == "Secret", externalEnv ?? [], SecretValues(desired, externalEnv));
        var result = new List<string>();
        Walk(desired, live, "", false, hidden, result);
        return result;
    }

    sealed record Hidden(bool Secret, IReadOnlyCollection<string> ExternalEnv, IReadOnlyCollection<string> Values);

    static void Walk(JsonNode? desired, JsonNode? live, string path, bool hide, Hidden hidden, List<string> result)
    {
        if (desired is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                // The value of an external env entry, by the name on either side: the live one may be an older secret.
                var external = key == "value" && (IsExternal(map, hidden) || (live is JsonObject liveMap && IsExternal(liveMap, hidden)));
                Walk(value, (live as JsonObject)?[key], path.Length == 0 ? key : $"{path}.{key}", hide || external, hidden, result);
            }

            return;
        }

        if (desired is JsonArray array && live is JsonArray liveArray && array.Count == liveArray.Count)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(array[i], liveArray[i], $"{path}[{i}]", hide, hidden, result);
            }

            return;
        }

        if (JsonNode.DeepEquals(desired, live) || (desired is not null && live is not null && desired.ToString() == live.ToString()))
        {
            return;
        }

        hide = hide
            || (hidden.Secret && (path.StartsWith("data.", StringComparison.Ordinal) || path.StartsWith("stringData.", StringComparison.Ordinal)))
            || (desired is JsonValue && Reveals(desired.ToString(), hidden))
            || (live is JsonValue && Reveals(live.ToString(), hidden));
        result.Add(hide
            ? $"{path}: {Redacted} -> {Redacted}"
            : $"{path}: {Shown(live, hidden)} -> {Shown(desired, hidden)}");
    }

    static bool IsExternal(JsonObject map, Hidden hidden) =>
        hidden.ExternalEnv.Count > 0 && map["name"] is JsonValue name && name.TryGetValue<string>(out var text) && hidden.ExternalEnv.Contains(text);

    static bool Reveals(string text, Hidden hidden) =>
        hidden.Values.Any(v => text == v || (v.Length >= ShortestHiddenInText && text.Contains(v, StringComparison.Ordinal)));

    /// <summary>A whole array or object that differs, printed with the hidden values in it masked.</summary>
    static string Shown(JsonNode? node, Hidden hidden)
    {
        if (node is null)
        {
            return "(none)";
        }

        if (hidden.Values.Count == 0 && hidden.ExternalEnv.Count == 0)
        {
            return node.ToJsonString();
        }

        var copy = node.DeepClone();
        Mask(copy, hidden);
        return copy.ToJsonString();
    }

    static void Mask(JsonNode? node, Hidden hidden)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var key in map.Select(p => p.Key).ToList())
                {
                    if ((key == "value" && IsExternal(map, hidden)) || (map[key] is JsonValue value && Reveals(value.ToString(), hidden)))
                    {
                        map[key] = Redacted;
                    }
                    else
                    {
                        Mask(map[key], hidden);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && Reveals(value.ToString(), hidden))
                    {
                        array[i] = Redacted;
                    }
                    else
                    {
                        Mask(array[i], hidden);
                    }
                }

                break;
        }
    }

    /// <summary>The rendered values of the external env entries: hidden wherever they appear in the object.</summary>
    static IReadOnlyCollection<string> SecretValues(JsonNode desired, IReadOnlyCollection<string>? externalEnv)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (externalEnv is not { Count: > 0 })
        {
            return values;
        }

        var pending = new Stack<JsonNode?>([desired]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject map)
            {
                if (map["name"] is JsonValue name && name.TryGetValue<string>(out var text) && externalEnv.Contains(text)
                    && map["value"] is JsonValue value && value.ToString() is { Length: > 0 } secret)
                {
                    values.Add(secret);
                }

                foreach (var (_, child) in map)
                {
                    pending.Push(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    pending.Push(child);
                }
            }
        }

        return values;
    }
}
