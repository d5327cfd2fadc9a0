using System.Text.RegularExpressions;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.Git;

/// <summary>
/// A deployments repository's <c>kit.yaml</c>: where bases, images, types, clusters and resources live. The one reader,
/// for the image writer and the renderer alike; each turns a <see cref="KitConfigException"/> into its own failure.
/// </summary>
public sealed partial record KitConfig(
    string ConfigPath,
    string BasePath,
    string ImagesPath,
    string ImagesProperty,
    string TypePath,
    string ClusterPath,
    string ResourcesPath,
    string? EnvConfigPath)
{
    public const string DefaultPath = "kit.yaml";

    /// <summary>The service repositories (<c>sources:</c>) whose resources are rendered at their pinned commits; none by default.</summary>
    public IReadOnlyList<KitSource> Sources { get; init; } = Array.Empty<KitSource>();

    /// <summary>A source name: lower-case letters, digits and '-', starting with a letter, at most 63 characters.</summary>
    public static bool IsSourceName(string name) => SourceName().IsMatch(name);

    /// <summary>Every folder at its default: what an empty or absent <c>kit.yaml</c> means.</summary>
    public static KitConfig Defaults(string configPath = DefaultPath) =>
        new(configPath, "", "images", "image", "type", "clusters", "resources", null);

    /// <summary>
    /// Reads the file's text (null or blank: the defaults). A folder must stay inside the repository and out of
    /// <c>.git</c>; <c>images.path</c> must not be the repository's root; the env plugin must be kit's file-config.
    /// </summary>
    public static KitConfig Parse(string? text, string configPath = DefaultPath)
    {
        var defaults = Defaults(configPath);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaults;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(YamlDepth.Parser(text));
        }
        catch (YamlException e)
        {
            var reason = e is YamlTooDeepException deep ? deep.Reason : PositionPrefix().Replace(e.Message, "");
            throw new KitConfigException($"does not parse as YAML: {reason}", configPath, (int)e.Start.Line);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return defaults;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KitConfigException("must be a mapping (base, images, type, cluster, resources)", configPath, Line(stream.Documents[0].RootNode));
        }

        var property = Scalar(root, "images", "property", configPath)?.Trim();
        if (property is not null && (property.Length == 0 || property.Contains('\n')))
        {
            throw new KitConfigException("images.property must be a key name", configPath, Line(Section(root, "images", configPath)!));
        }

        var images = Folder(root, "images", defaults.ImagesPath, configPath);
        if (images.Length == 0)
        {
            throw new KitConfigException("images.path must be a folder inside the repository, not its root", configPath, Line(Section(root, "images", configPath)!));
        }

        return new KitConfig(
            configPath,
            Folder(root, "base", defaults.BasePath, configPath),
            images,
            property ?? defaults.ImagesProperty,
            Folder(root, "type", defaults.TypePath, configPath),
            Folder(root, "cluster", defaults.ClusterPath, configPath),
            Folder(root, "resources", defaults.ResourcesPath, configPath),
            EnvConfig(root, configPath))
        {
            Sources = SourceList(root, configPath),
        };
    }

    static IReadOnlyList<KitSource> SourceList(YamlMappingNode root, string configPath)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("sources"), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return Array.Empty<KitSource>();
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KitConfigException("sources must be a list of {name, url, branch, path}", configPath, Line(node));
        }

        var sources = new List<KitSource>();
        foreach (var item in list)
        {
            if (item is not YamlMappingNode entry)
            {
                throw new KitConfigException("each source must be a mapping of name, url, branch and path", configPath, Line(item));
            }

            string? Value(string key) => entry.Children.TryGetValue(new YamlScalarNode(key), out var v)
                ? v is YamlScalarNode scalar
                    ? string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim()
                    : throw new KitConfigException($"sources: {key} must be a single value", configPath, Line(v))
                : null;

            var name = Value("name") ?? throw new KitConfigException("a source needs a name", configPath, Line(entry));
            if (!IsSourceName(name))
            {
                throw new KitConfigException($"source name '{name}' must be lower-case letters, digits and '-', starting with a letter", configPath, Line(entry));
            }

            if (sources.Any(s => s.Name == name))
            {
                throw new KitConfigException($"source '{name}' is listed twice", configPath, Line(entry));
            }

            var url = Value("url") ?? throw new KitConfigException($"source '{name}' needs a url", configPath, Line(entry));
            var branch = Value("branch") ?? "main";
            if (branch.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || branch.StartsWith('-'))
            {
                throw new KitConfigException($"source '{name}': branch '{branch}' is not a branch name", configPath, Line(entry));
            }

            var path = Value("path") is { } folder ? Inside($"source '{name}' path", folder, configPath, Line(entry)) : "";
            sources.Add(new KitSource(name, url, branch, path));
        }

        return sources;
    }

    static string? EnvConfig(YamlMappingNode root, string configPath)
    {
        if (Section(root, "plugin", configPath) is not { } plugin)
        {
            return null;
        }

        var pluginPath = Scalar(root, "plugin", "path", configPath) ?? "";
        if (!pluginPath.TrimEnd('/').EndsWith("file-config", StringComparison.Ordinal))
        {
            throw new KitConfigException(
                $"env plugin '{pluginPath}' is not supported: use kit's file-config (plugin.path ending in file-config, options.configPath)",
                configPath, Line(plugin));
        }

        var options = plugin.Children.TryGetValue(new YamlScalarNode("options"), out var node) ? node as YamlMappingNode : null;
        var configFolder = options is not null && options.Children.TryGetValue(new YamlScalarNode("configPath"), out var value)
            && value is YamlScalarNode { Value: { Length: > 0 } folder }
                ? folder
                : "config";
        return Inside("plugin.options.configPath", configFolder, configPath, Line(plugin));
    }

    /// <summary>The folder <c>&lt;section&gt;.path</c> names, normalised, or <paramref name="fallback"/> when it names none.</summary>
    static string Folder(YamlMappingNode root, string section, string fallback, string configPath) =>
        Scalar(root, section, "path", configPath) is { } path
            ? Inside($"{section}.path", path.Trim(), configPath, Line(Section(root, section, configPath)!))
            : fallback;

    static string Inside(string key, string path, string configPath, int line)
    {
        var folder = SafePath.Combine("", path.TrimEnd('/'), out var problem);
        if (folder is null || folder.Split('/').Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            throw new KitConfigException($"{key} '{path}' must be a folder inside the repository{(problem is null ? "" : $" ({problem})")}", configPath, line);
        }

        return folder;
    }

    /// <summary>The mapping under <paramref name="section"/>; null when it is absent or empty, an error when it is anything else.</summary>
    static YamlMappingNode? Section(YamlMappingNode root, string section, string configPath)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        return node as YamlMappingNode
            ?? throw new KitConfigException($"{section} must be a mapping", configPath, Line(node));
    }

    static string? Scalar(YamlMappingNode root, string section, string key, string configPath)
    {
        if (Section(root, section, configPath) is not { } map || !map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }

        return node switch
        {
            YamlScalarNode { Value: null or "" } => null,
            YamlScalarNode scalar => scalar.Value,
            _ => throw new KitConfigException($"{section}.{key} must be a single value", configPath, Line(node)),
        };
    }

    static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>YamlDotNet's "(Line: 2, Col: 9, Idx: 15) - (Line: 2, Col: 9, Idx: 15): " before its message.</summary>
    [GeneratedRegex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex SourceName();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
