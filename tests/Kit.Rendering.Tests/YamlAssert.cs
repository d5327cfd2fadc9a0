using Kit.Rendering.Yaml;

namespace Kit.Rendering.Tests;

/// <summary>Compares YAML by value: key order and quoting do not matter; values, types and list order do.</summary>
public static class YamlAssert
{
    public static void SameObjects(string expected, string actual, string where)
    {
        var want = YamlLoader.LoadAll(expected, where).Select(d => d.Value).Where(d => d is not null).ToList();
        var got = YamlLoader.LoadAll(actual, where).Select(d => d.Value).Where(d => d is not null).ToList();
        Assert.True(want.Count == got.Count, $"{where}: expected {want.Count} documents, got {got.Count}\n{actual}");
        for (var i = 0; i < want.Count; i++)
        {
            var difference = Difference(want[i], got[i], "");
            Assert.True(difference is null, $"{where}: {difference}\n--- rendered:\n{actual}");
        }
    }

    static string? Difference(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case IReadOnlyDictionary<string, object?> e when actual is IReadOnlyDictionary<string, object?> a:
                foreach (var key in e.Keys.Union(a.Keys))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}.{key}: present only in {(e.ContainsKey(key) ? "expected" : "rendered")}";
                    }

                    if (Difference(e[key], a[key], path + "." + key) is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case List<object?> e when actual is List<object?> a:
                if (e.Count != a.Count)
                {
                    return $"{path}: expected {e.Count} items, got {a.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (Difference(e[i], a[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                return Equals(expected, actual) ? null
                    : $"{path}: expected {JsValues.ToJsString(expected)} ({expected?.GetType().Name}), got {JsValues.ToJsString(actual)} ({actual?.GetType().Name})";
        }
    }
}
