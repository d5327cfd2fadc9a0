using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.Cli;

/// <summary>
/// <c>--kubeconfig FILE [--context NAME]</c>: one kubeconfig (kubectl's, with many contexts) made into the
/// one-cluster kubeconfig kit's deployer reads: a private copy whose current-context is the one chosen and whose
/// <c>metadata.name</c> is the kit cluster it serves, with relative certificate and token paths made absolute
/// against the original's folder so they still resolve from the copy.
/// </summary>
public static class SingleKubeconfig
{
    static readonly string[] ClusterFiles = ["certificate-authority"];
    static readonly string[] UserFiles = ["client-certificate", "client-key", "tokenFile"];

    /// <summary>Writes the copy into <paramref name="folder"/>; its path and the cluster it names, or null and why not.</summary>
    /// <param name="file">The kubeconfig.</param>
    /// <param name="context">The context to use (default: the file's current-context).</param>
    /// <param name="cluster">The kit cluster it serves (default: the file's metadata.name, else the context's name).</param>
    /// <param name="folder">A private folder for the copy.</param>
    /// <param name="problem">Why the file cannot serve, when it cannot.</param>
    public static (string Path, string Cluster)? Prepare(string file, string? context, string? cluster, string folder, out string? problem)
    {
        problem = null;
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(YamlDepth.Parser(File.ReadAllText(file)));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                problem = $"--kubeconfig {file}: not a kubeconfig (one YAML mapping)";
                return null;
            }

            root = map;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            problem = $"--kubeconfig {file}: cannot be read: {e.Message.ReplaceLineEndings(" ")}";
            return null;
        }

        var contexts = Names(root, "contexts");
        var chosen = context ?? Scalar(root, "current-context");
        if (string.IsNullOrWhiteSpace(chosen))
        {
            problem = $"--kubeconfig {file} has no current-context: give --context ({Listed(contexts)})";
            return null;
        }

        if (!contexts.Contains(chosen, StringComparer.Ordinal))
        {
            problem = $"--kubeconfig {file} has no context {chosen} ({Listed(contexts)})";
            return null;
        }

        root.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(chosen);
        var metadata = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var node) && node is YamlMappingNode existing ? existing : null;
        var name = cluster ?? (metadata is null ? null : Scalar(metadata, "name")) ?? chosen;
        if (metadata is null)
        {
            metadata = new YamlMappingNode();
            root.Children[new YamlScalarNode("metadata")] = metadata;
        }

        metadata.Children[new YamlScalarNode("name")] = new YamlScalarNode(name);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Absolute(root, "clusters", "cluster", ClusterFiles, directory);
        Absolute(root, "users", "user", UserFiles, directory);

        var path = Path.Combine(folder, "kubeconfig");
        // The copy holds the credentials: readable by its owner only.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        }

        return (path, name);
    }

    static string Listed(IReadOnlyList<string> contexts) => contexts.Count == 0 ? "it defines none" : "it has " + string.Join(", ", contexts);

    static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    static IEnumerable<YamlMappingNode> Entries(YamlMappingNode root, string list) =>
        root.Children.TryGetValue(new YamlScalarNode(list), out var node) && node is YamlSequenceNode items ? items.OfType<YamlMappingNode>() : [];

    static List<string> Names(YamlMappingNode root, string list) =>
        Entries(root, list).Select(e => Scalar(e, "name")).OfType<string>().ToList();

    static void Absolute(YamlMappingNode root, string list, string detail, string[] keys, string directory)
    {
        foreach (var entry in Entries(root, list))
        {
            if (!entry.Children.TryGetValue(new YamlScalarNode(detail), out var node) || node is not YamlMappingNode details)
            {
                continue;
            }

            foreach (var key in keys)
            {
                if (Scalar(details, key) is { } value && !Path.IsPathRooted(value))
                {
                    details.Children[new YamlScalarNode(key)] = new YamlScalarNode(Path.GetFullPath(Path.Combine(directory, value)));
                }
            }
        }
    }
}
