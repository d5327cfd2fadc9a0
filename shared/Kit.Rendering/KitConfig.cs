using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>The repository's <c>kit.yaml</c>: where bases, images, types, clusters and resources live.</summary>
public sealed record KitConfig(
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

    /// <summary>Reads and checks the configuration file; every error names it.</summary>
    public static KitConfig Load(IRepositoryTree tree, string configPath = DefaultPath)
    {
        configPath = RepositoryPath.Normalize(configPath, configPath);
        var text = tree.ReadText(configPath)
            ?? throw new RenderException($"the kit configuration file does not exist in {tree.Description}", configPath);
        var root = YamlLoader.LoadSingle(text, configPath) as IReadOnlyDictionary<string, object?>
            ?? throw new RenderException("the kit configuration must be a mapping (base, images, type, cluster, resources)", configPath, 1);

        string Folder(string section, string? fallback)
        {
            var value = Values.GetString(Values.Get(root, section), "path") ?? fallback
                ?? throw new RenderException($"'{section}.path' is not set", configPath);
            return RepositoryPath.Combine("", value, configPath);
        }

        string? envConfigPath = null;
        if (Values.Get(root, "plugin") is { } plugin)
        {
            var pluginPath = Values.GetString(plugin, "path") ?? "";
            if (!pluginPath.TrimEnd('/').EndsWith("file-config", StringComparison.Ordinal))
            {
                throw new RenderException(
                    $"env plugin '{pluginPath}' is not supported: use kit's file-config (plugin.path ending in file-config, options.configPath)",
                    configPath);
            }

            envConfigPath = RepositoryPath.Combine("", Values.GetString(Values.Get(plugin, "options"), "configPath") ?? "config", configPath);
        }

        var property = Values.GetString(Values.Get(root, "images"), "property");
        return new KitConfig(
            configPath,
            Folder("base", "."),
            Folder("images", "images"),
            string.IsNullOrWhiteSpace(property) ? "image" : property,
            Folder("type", "type"),
            Folder("cluster", "clusters"),
            Folder("resources", "resources"),
            envConfigPath);
    }
}
