using Kit.Git;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.ImageUpdating;

/// <summary>The <c>images</c> section of a deployments repository's <c>kit.yaml</c>.</summary>
public sealed record KitConfig(string ImagesPath, string ImagesProperty)
{
    public const string FileName = "kit.yaml";

    public static KitConfig Default { get; } = new("images", "image");

    /// <summary>Reads <c>images.path</c> and <c>images.property</c>; a missing file or key means the default.</summary>
    public static KitConfig Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(YamlDepth.Parser(text));
        }
        catch (YamlException e)
        {
            throw new ImageUpdateException($"{FileName} does not parse: {e.Message}", FileName, (int)e.Start.Line);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Default;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImageUpdateException($"{FileName} must be a mapping", FileName, (int)stream.Documents[0].RootNode.Start.Line);
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("images"), out var images) || images is YamlScalarNode { Value: null or "" })
        {
            return Default;
        }

        if (images is not YamlMappingNode section)
        {
            throw new ImageUpdateException($"{FileName}: images must be a mapping with path and property", FileName, (int)images.Start.Line);
        }

        var path = Scalar(section, "path") ?? Default.ImagesPath;
        var property = Scalar(section, "property") ?? Default.ImagesProperty;
        path = path.Trim().Trim('/');
        if (path.Length == 0 || !SafePath.IsPlainRelative(path))
        {
            throw new ImageUpdateException($"{FileName}: images.path '{path}' must be a folder inside the repository", FileName, (int)section.Start.Line);
        }

        if (property.Trim().Length == 0 || property.Contains('\n'))
        {
            throw new ImageUpdateException($"{FileName}: images.property must be a key name", FileName, (int)section.Start.Line);
        }

        return new KitConfig(path, property.Trim());
    }

    static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : null;
}
