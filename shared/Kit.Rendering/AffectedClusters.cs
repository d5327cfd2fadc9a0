using Kit.Git;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>
/// The clusters whose inputs a commit's changed paths touch, by where each input lives: <c>kit.yaml</c>,
/// <c>base-cluster.yaml</c> and <c>base-var.yaml</c> affect every cluster; a type file the clusters of its type;
/// <c>clusters/&lt;folder&gt;/</c> the cluster defined there; <c>images/&lt;image_tag&gt;/</c> every cluster one of whose
/// resources names that <c>image_tag</c>; a resource file (template or YAML) the clusters whose resources name it,
/// <c>base-svc.*</c> those with a <c>svc</c>; <c>sources.lock.yaml</c> the clusters that run a resource of a source whose pin moved; an env file the cluster it is named for. Any other path may be read in
/// ways this cannot see (<c>sources.lock.yaml</c> when it is not known which pins moved), so it affects every cluster. Broader than exact is safe: a
/// cluster rendered without need is confirmed unchanged by the deployer.
/// </summary>
public static class AffectedClusters
{
    const string EnvSuffix = "-env.json";

    /// <summary>The affected clusters' names, or null when every cluster may be affected (or nothing says what changed).</summary>
    public static IReadOnlySet<string>? Of(KitRepository repository, IReadOnlyList<string> changedPaths, IReadOnlySet<string>? changedSources = null)
    {
        if (changedPaths.Count == 0)
        {
            return null;
        }

        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var changed in changedPaths)
        {
            if (SafePath.Normalize(changed, out _) is not { } path || !AddAffected(repository, path, changedSources, affected))
            {
                return null;
            }
        }

        return affected;
    }

    /// <summary>Adds the clusters <paramref name="path"/> is an input of; false when it may be an input of every cluster.</summary>
    static bool AddAffected(KitRepository repository, string path, IReadOnlySet<string>? changedSources, HashSet<string> affected)
    {
        var config = repository.Config;
        var clusters = repository.Clusters;
        if (path == SourcesLock.Path && changedSources is not null && repository.SourceErrors.Count == 0)
        {
            // A moved pin changes only what its source provides: the clusters that run one of its resources.
            var names = changedSources.SelectMany(repository.ResourcesOf).ToHashSet(StringComparer.Ordinal);
            affected.UnionWith(clusters.Where(c => Values.Get(c.Cluster, "resources") is OrderedDictionary<string, object?> resources
                && resources.Any(r => names.Contains(r.Key) && !Values.IsTrue(r.Value, "disable"))).Select(c => c.Name));
            return true;
        }

        if (path == RepositoryPath.Normalize(config.ConfigPath)
            || path == RepositoryPath.Join(config.BasePath, "base-cluster.yaml")
            || path == RepositoryPath.Join(config.BasePath, "base-var.yaml"))
        {
            return false;
        }

        if (Relative(path, config.TypePath) is { } typeFile)
        {
            var named = Path.GetFileNameWithoutExtension(typeFile);
            named = named.EndsWith("-var", StringComparison.Ordinal) ? named[..^"-var".Length] : named;
            var declared = DeclaredType(repository.Tree, path);
            affected.UnionWith(clusters.Where(c => c.Type == named || c.Type == declared).Select(c => c.Name));
            return true;
        }

        if (Relative(path, config.ImagesPath) is { } imageFile)
        {
            var tag = RepositoryPath.Folder(imageFile);
            affected.UnionWith(clusters.Where(c => NamesImageTag(c.Cluster, tag) || NamesImageTag(c.Configuration, tag)).Select(c => c.Name));
            return true;
        }

        if (config.EnvConfigPath is { } envPath && Relative(path, envPath) is { } envFile)
        {
            var name = RepositoryPath.Name(envFile);
            if (name.EndsWith(EnvSuffix, StringComparison.Ordinal))
            {
                affected.Add(name[..^EnvSuffix.Length]);
            }

            return true;
        }

        if (Relative(path, config.ResourcesPath) is { } resourceFile)
        {
            var service = RepositoryPath.Name(resourceFile).StartsWith("base-svc.", StringComparison.Ordinal);
            affected.UnionWith(clusters.Where(c => Resources(c).Any(r => service ? JsValues.IsTruthy(Values.Get(r, "svc")) : NamesFile(config, r, path))).Select(c => c.Name));
            return true;
        }

        if (Relative(path, config.ClusterPath) is { } clusterFile)
        {
            // Only clusters/<folder>/cluster.yaml and configuration-var.yaml are read; a cluster is named by its
            // metadata.name, so the folder is matched through the file that defined it. A folder without a cluster
            // now (removed) has nothing to render; a broken one is reported on every render anyway.
            var folder = RepositoryPath.Join(config.ClusterPath, clusterFile.Split('/')[0]);
            affected.UnionWith(clusters.Where(c => RepositoryPath.Folder(c.SourceFile) == folder).Select(c => c.Name));
            return true;
        }

        return false;
    }

    /// <summary>The path inside <paramref name="folder"/>, or null when it is not in it (the root holds every path).</summary>
    static string? Relative(string path, string folder) =>
        folder.Length == 0 ? path : path.StartsWith(folder + "/", StringComparison.Ordinal) ? path[(folder.Length + 1)..] : null;

    static string? DeclaredType(IRepositoryTree tree, string path)
    {
        try
        {
            return tree.ReadText(path) is { } text ? Values.GetString(Values.Get(YamlLoader.LoadSingle(text, path), "metadata"), "type") : null;
        }
        catch (RenderException)
        {
            // A broken type file fails the clusters of its type, which are rendered (as failures) on every commit.
            return null;
        }
    }

    static IEnumerable<OrderedDictionary<string, object?>> Resources(ClusterDefinition cluster) =>
        Values.Get(cluster.Cluster, "resources") is OrderedDictionary<string, object?> resources
            ? resources.Values.OfType<OrderedDictionary<string, object?>>()
            : [];

    static bool NamesFile(KitConfig config, OrderedDictionary<string, object?> resource, string path)
    {
        if (Values.GetString(resource, "file") is not { Length: > 0 } file)
        {
            return false;
        }

        // A reference that leaves the repository fails the cluster's render: render it to say so.
        return SafePath.Combine(config.ResourcesPath, file, out _) is not { } resolved || resolved == path;
    }

    /// <summary>True when an <c>image_tag</c> anywhere in the value is <paramref name="tag"/> (containers may sit at any depth).</summary>
    static bool NamesImageTag(object? value, string tag) => value switch
    {
        OrderedDictionary<string, object?> map => map.Any(e =>
            (e.Key == "image_tag" && e.Value is not null && JsValues.ToJsString(e.Value) == tag) || NamesImageTag(e.Value, tag)),
        List<object?> list => list.Exists(item => NamesImageTag(item, tag)),
        _ => false,
    };
}
