using System.Text;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>
/// Where a container's extra values come from (kit's env plugins). kit's file-config plugin is built in:
/// <c>&lt;configPath&gt;/&lt;container name&gt;/&lt;cluster&gt;-env.json</c>, which must exist.
/// </summary>
public interface IEnvSource
{
    OrderedDictionary<string, object?> Fetch(string containerName, string cluster);
}

/// <summary>kit's file-config plugin over the repository tree.</summary>
public sealed class FileEnvSource(IRepositoryTree tree, string configPath) : IEnvSource
{
    public OrderedDictionary<string, object?> Fetch(string containerName, string cluster)
    {
        var path = RepositoryPath.Combine(configPath, $"{containerName}/{cluster}-env.json");
        var text = tree.ReadText(path)
            ?? throw new RenderException($"missing env file for container '{containerName}' (the file-config plugin needs one per container and cluster)", path);
        return YamlLoader.LoadSingle(text, path) as OrderedDictionary<string, object?>
            ?? throw new RenderException("an env file must hold a JSON object", path, 1);
    }
}

/// <summary>Values of <c>external: true</c> env entries, taken from the process environment and encoded.</summary>
public static class ExternalEnv
{
    /// <summary>
    /// The env list with external values filled in; the list itself when it has none (values are read-only).
    /// The names of the external entries go to <paramref name="names"/>: their values are secrets.
    /// </summary>
    public static List<object?> Resolve(List<object?> env, Func<string, string?> lookup, string file, ISet<string>? names = null)
    {
        if (!env.Exists(IsExternal))
        {
            return env;
        }

        var result = new List<object?>(env.Count);
        foreach (var item in env)
        {
            if (item is not OrderedDictionary<string, object?> entry || !IsExternal(entry))
            {
                result.Add(item);
                continue;
            }

            var name = Values.GetString(entry, "name") ?? throw new RenderException("an external env entry has no name", file);
            var raw = lookup(name);
            if (string.IsNullOrEmpty(raw))
            {
                throw new RenderException($"env '{name}' is external but the environment variable {name} is not set", file);
            }

            names?.Add(name);
            var copy = new OrderedDictionary<string, object?>(entry, StringComparer.Ordinal);
            copy["value"] = Encode(raw, Values.GetString(entry, "encoding"), name, file);
            result.Add(copy);
        }

        return result;
    }

    static bool IsExternal(object? item) => item is OrderedDictionary<string, object?> entry && JsValues.IsTruthy(Values.Get(entry, "external"));

    static string Encode(string value, string? encoding, string name, string file)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return (encoding ?? "utf8") switch
        {
            "utf8" or "utf-8" => value,
            "base64" => Convert.ToBase64String(bytes),
            "hex" => Convert.ToHexStringLower(bytes),
            "ascii" => new string(bytes.Select(b => (char)(b & 0x7f)).ToArray()),
            "binary" or "latin1" => new string(bytes.Select(b => (char)b).ToArray()),
            var other => throw new RenderException($"env '{name}': unsupported encoding '{other}' (utf8, base64, hex, ascii, binary)", file),
        };
    }
}
