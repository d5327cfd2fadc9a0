using Kit.Git;
using Kit.Rendering.Sources;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>The loaded inputs of a kit repository: bases, types and every cluster, merged as kit merged them.</summary>
public sealed partial class KitRepository
{
    const string ClusterNamespace = "ClusterNamespace";
    const string ResourceConfig = "ResourceConfig";

    KitRepository(IRepositoryTree tree, KitConfig config)
    {
        Tree = tree;
        Config = config;
    }

    public IRepositoryTree Tree { get; }

    public KitConfig Config { get; }

    /// <summary>Clusters that loaded, in folder order.</summary>
    public List<ClusterDefinition> Clusters { get; } = [];

    /// <summary>Clusters whose own files are broken: the cluster (or its folder) and why.</summary>
    public List<RenderError> ClusterErrors { get; } = [];

    /// <summary>The repository's <c>kit.yaml</c> (or <c>--conf</c>), which a render cannot do without; every error names it.</summary>
    static KitConfig LoadConfig(IRepositoryTree tree, string configPath)
    {
        configPath = RepositoryPath.Normalize(configPath, configPath);
        var text = tree.ReadText(configPath)
            ?? throw new RenderException($"the kit configuration file does not exist in {tree.Description}", configPath);
        try
        {
            return KitConfig.Parse(text, configPath);
        }
        catch (KitConfigException e)
        {
            throw new RenderException($"the kit configuration {e.Message}", e.File, e.Line);
        }
    }

    /// <summary>Loads everything a render needs; a problem outside a cluster's own files throws <see cref="RenderException"/>.</summary>
    /// <remarks>The resources of <c>kit.yaml</c>'s sources are read from <paramref name="sources"/> (none given: each fails as not fetched).</remarks>
    public static KitRepository Load(IRepositoryTree tree, string configPath = KitConfig.DefaultPath, SourceSet? sources = null)
    {
        var config = LoadConfig(tree, configPath);
        var repository = new KitRepository(tree, config);
        var baseClusterPath = RepositoryPath.Join(config.BasePath, "base-cluster.yaml");
        var baseCluster = repository.AddSources(LoadKind(tree, baseClusterPath, ClusterNamespace, required: true)!, baseClusterPath, sources ?? SourceSet.None);
        var baseVar = LoadKind(tree, RepositoryPath.Join(config.BasePath, "base-var.yaml"), ResourceConfig, required: false)
            ?? new OrderedDictionary<string, object?> { ["kind"] = ResourceConfig };
        // base < type is the same for every cluster of a type: merge it once. A broken type file fails
        // the clusters of its type only.
        var (loadedTypes, brokenTypes) = LoadTypes(tree, config.TypePath);
        var types = loadedTypes
            .ToDictionary(t => t.Key, t => (OrderedDictionary<string, object?>)KitMerge.Merge(baseVar, t.Value)!, StringComparer.Ordinal);

        // Cluster files are independent: parse and merge them in parallel, then check names in folder order.
        var folders = tree.Folders(config.ClusterPath);
        var loaded = new (ClusterDefinition? Definition, RenderError? Error)[folders.Count];
        Parallel.For(0, folders.Count, i =>
        {
            var clusterFile = RepositoryPath.Join(RepositoryPath.Join(config.ClusterPath, folders[i]), "cluster.yaml");
            try
            {
                loaded[i] = (LoadCluster(tree, clusterFile, baseCluster, types, brokenTypes), null);
            }
            catch (RenderException e)
            {
                loaded[i] = (null, e.ToError(cluster: ClusterNameOf(tree, clusterFile) ?? folders[i]));
            }
        });

        // A cluster is defined once: a second cluster.yaml with its name (even a broken one) makes the cluster an
        // error naming both files, never a silent pick of one of them.
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < loaded.Length; i++)
        {
            var name = loaded[i].Definition?.Name ?? loaded[i].Error?.Cluster;
            if (name is not null)
            {
                var file = RepositoryPath.Join(RepositoryPath.Join(config.ClusterPath, folders[i]), "cluster.yaml");
                (files.TryGetValue(name, out var list) ? list : files[name] = []).Add(file);
            }
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (definition, error) in loaded)
        {
            if (error is not null)
            {
                repository.ClusterErrors.Add(error);
            }
            else if (definition is null)
            {
                continue;
            }
            else if (files[definition.Name] is { Count: > 1 } all)
            {
                // One error for the cluster, where its first definition is, naming every other file.
                if (reported.Add(definition.Name))
                {
                    var others = all.Where(f => f != definition.SourceFile);
                    repository.ClusterErrors.Add(new RenderError(
                        $"metadata.name '{definition.Name}' is also the name in {string.Join(" and ", others)}: a cluster is defined by one cluster.yaml",
                        definition.SourceFile,
                        LineOf(tree, definition.SourceFile, "name:"),
                        definition.Name));
                }
            }
            else
            {
                repository.Clusters.Add(definition);
            }
        }

        return repository;
    }

    /// <summary>A DNS-1123 subdomain: what Kubernetes accepts as a name and what is safe as a folder name.</summary>
    public static bool IsDns1123(string name) => Kit.Yaml.ObjectNames.IsDns1123Subdomain(name);

    static ClusterDefinition? LoadCluster(
        IRepositoryTree tree,
        string clusterFile,
        OrderedDictionary<string, object?> baseCluster,
        Dictionary<string, OrderedDictionary<string, object?>> types,
        Dictionary<string, RenderException> brokenTypes)
    {
        var own = LoadKind(tree, clusterFile, ClusterNamespace, required: false);
        if (own is null)
        {
            return null;
        }

        var name = Values.GetString(Values.Get(own, "metadata"), "name")
            ?? throw new RenderException("metadata.name is not set: a cluster is named by its metadata.name", clusterFile, 1);
        if (!IsDns1123(name))
        {
            throw new RenderException(
                $"cluster name '{name}' is not a DNS-1123 name (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)",
                clusterFile,
                LineOf(tree, clusterFile, "name:"));
        }

        var configurationFile = RepositoryPath.Join(RepositoryPath.Folder(clusterFile), "configuration-var.yaml");
        var configuration = LoadKind(tree, configurationFile, ResourceConfig, required: false)
            ?? new OrderedDictionary<string, object?> { ["kind"] = ResourceConfig };
        var merged = (OrderedDictionary<string, object?>)KitMerge.Merge(baseCluster, own)!;
        var metadata = Values.Get(merged, "metadata");
        var type = Values.GetString(metadata, "type");

        // kit checks the type even for disabled clusters.
        if (type is null)
        {
            throw new RenderException("metadata.type is not set", clusterFile, LineOf(tree, clusterFile, "metadata:"));
        }

        if (brokenTypes.TryGetValue(type, out var broken))
        {
            throw new RenderException(broken.Message, broken.File, broken.Line);
        }

        if (!types.TryGetValue(type, out var typeVariables))
        {
            var unread = brokenTypes.Count == 0 ? "" : $"; {string.Join(", ", brokenTypes.Values.Select(b => b.File).Order(StringComparer.Ordinal))} could not be read";
            throw new RenderException(
                $"unknown cluster type '{type}' (known: {string.Join(", ", types.Keys.Order(StringComparer.Ordinal))}{unread})",
                clusterFile,
                LineOf(tree, clusterFile, "type:"));
        }

        var variables = (OrderedDictionary<string, object?>)KitMerge.Merge(typeVariables, configuration)!;
        return new ClusterDefinition(
            name,
            type,
            Values.GetString(metadata, "branch"),
            Values.IsTrue(metadata, "disable"),
            Values.IsTrue(metadata, "allowFailure"),
            clusterFile,
            merged,
            variables);
    }

    /// <summary>
    /// The type files by their metadata.type, and the errors of those that cannot be used, by the type their
    /// name gives (<c>&lt;type&gt;-var.yaml</c>, kit's convention) when their content cannot say.
    /// </summary>
    static (Dictionary<string, OrderedDictionary<string, object?>> Types, Dictionary<string, RenderException> Broken) LoadTypes(IRepositoryTree tree, string typePath)
    {
        var types = new Dictionary<string, OrderedDictionary<string, object?>>(StringComparer.Ordinal);
        var broken = new Dictionary<string, RenderException>(StringComparer.Ordinal);
        foreach (var file in tree.Files(typePath).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
        {
            var path = RepositoryPath.Join(typePath, file);
            var named = Path.GetFileNameWithoutExtension(file);
            named = named.EndsWith("-var", StringComparison.Ordinal) ? named[..^"-var".Length] : named;
            try
            {
                var typeVar = LoadKind(tree, path, ResourceConfig, required: true)!;
                var type = Values.GetString(Values.Get(typeVar, "metadata"), "type")
                    ?? throw new RenderException("metadata.type is not set: a type file is found by its metadata.type", path, 1);
                if (!types.TryAdd(type, typeVar))
                {
                    broken.TryAdd(type, new RenderException($"type '{type}' is defined twice", path));
                }
            }
            catch (RenderException e)
            {
                broken.TryAdd(named, e);
            }
        }

        return (types, broken);
    }

    static OrderedDictionary<string, object?>? LoadKind(IRepositoryTree tree, string path, string kind, bool required)
    {
        var text = tree.ReadText(path);
        if (text is null)
        {
            return required ? throw new RenderException($"missing file (expected kind {kind})", path) : null;
        }

        var value = YamlLoader.LoadSingle(text, path);
        if (value is not OrderedDictionary<string, object?> map || Values.GetString(map, "kind") != kind)
        {
            throw new RenderException($"expected a mapping with kind: {kind}", path, LineOf(tree, path, "kind:") ?? 1);
        }

        return map;
    }

    /// <summary>The line of the first line that starts (after indentation) with <paramref name="prefix"/>, for messages.</summary>
    internal static int? LineOf(IRepositoryTree tree, string path, string prefix)
    {
        var text = tree.ReadText(path);
        if (text is null)
        {
            return null;
        }

        var line = 1;
        foreach (var row in text.AsSpan().EnumerateLines())
        {
            if (row.TrimStart().StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }

            line++;
        }

        return null;
    }

    static string? ClusterNameOf(IRepositoryTree tree, string clusterFile)
    {
        try
        {
            var name = Values.GetString(Values.Get(YamlLoader.LoadSingle(tree.ReadText(clusterFile) ?? "", clusterFile), "metadata"), "name");
            return name is not null && IsDns1123(name) ? name : null;
        }
        catch (RenderException)
        {
            return null;
        }
    }
}
