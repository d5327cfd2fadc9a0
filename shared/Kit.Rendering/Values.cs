namespace Kit.Rendering;

/// <summary>Helpers over the plain values the YAML loader produces (ordered maps, lists, scalars).</summary>
public static class Values
{
    public static OrderedDictionary<string, object?> NewMap() => new(StringComparer.Ordinal);

    public static object? Get(object? map, string key) =>
        map is IReadOnlyDictionary<string, object?> m && m.TryGetValue(key, out var value) ? value : null;

    public static object? Get(object? map, string key1, string key2) => Get(Get(map, key1), key2);

    /// <summary>A string value, or null when absent; numbers and booleans print as JavaScript prints them.</summary>
    public static string? GetString(object? map, string key) => Get(map, key) switch
    {
        null => null,
        string s => s,
        IDictionary<string, object?> or List<object?> => null,
        var other => JsValues.ToJsString(other),
    };

    public static bool IsTrue(object? map, string key) => Get(map, key) is true;
}
