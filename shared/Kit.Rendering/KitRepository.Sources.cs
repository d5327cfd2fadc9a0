using Kit.Git;
using Kit.Rendering.Sources;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

public sealed partial class KitRepository
{
    /// <summary>The resources the sources provide, by name: where each one's files are read from.</summary>
    internal Dictionary<string, SourceTree> Sourced { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources that cannot render because of a source (a collision, a source that cannot be fetched): why, by name.</summary>
    internal Dictionary<string, RenderException> BrokenResources { get; } = new(StringComparer.Ordinal);

    /// <summary>Sources that failed without saying which resources they provide: every cluster fails with these.</summary>
    internal List<RenderException> SourceErrors { get; } = [];

    /// <summary>The names of the resources <paramref name="source"/> provides (or provided, when it failed).</summary>
    internal HashSet<string> ResourcesOf(string source) => [.. Sourced.Where(s => s.Value.Source.Name == source).Select(s => s.Key)
        .Concat(SourceResourceNames.TryGetValue(source, out var failed) ? failed : [])];

    Dictionary<string, IReadOnlyList<string>> SourceResourceNames { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="baseCluster"/> with every source's resources added beside the local ones, so that a cluster
    /// enables, disables and overrides them as it does a local resource.
    /// </summary>
    OrderedDictionary<string, object?> AddSources(OrderedDictionary<string, object?> baseCluster, string baseClusterPath, SourceSet sources)
    {
        if (Config.Sources.Count == 0)
        {
            return baseCluster;
        }

        var local = Values.Get(baseCluster, "resources") as OrderedDictionary<string, object?> ?? [];
        var resources = new OrderedDictionary<string, object?>(local, StringComparer.Ordinal);
        var providers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Config.Sources)
        {
            var checkout = sources.Find(source.Name);
            try
            {
                if (checkout.Tree is not { } tree)
                {
                    throw new RenderException(checkout.Failure!, SourcesLock.Path);
                }

                foreach (var (name, entry) in SourceResources(tree).ToList())
                {
                    var where = $"{tree.Label(KitSource.ResourcesFile)}:{LineOf(tree, KitSource.ResourcesFile, name + ":")}";
                    if (local.ContainsKey(name))
                    {
                        BrokenResources[name] = new RenderException(
                            $"resource '{name}' of source '{source.Name}' ({where}) has the name of a resource in {baseClusterPath}:{LineOf(Tree, baseClusterPath, name + ":")}: rename one of them",
                            baseClusterPath,
                            LineOf(Tree, baseClusterPath, name + ":"));
                    }
                    else if (providers.TryGetValue(name, out var first))
                    {
                        BrokenResources[name] = new RenderException(
                            $"resource '{name}' is provided by source '{first}' and by source '{source.Name}' ({where}): rename one of them",
                            tree.Label(KitSource.ResourcesFile),
                            LineOf(tree, KitSource.ResourcesFile, name + ":"));
                    }
                    else
                    {
                        providers[name] = source.Name;
                        resources[name] = entry;
                        Sourced[name] = tree;
                    }
                }
            }
            catch (RenderException e)
            {
                if (checkout.KnownResources is not { } known)
                {
                    SourceErrors.Add(e);
                    continue;
                }

                // The resources it provided when kit last held a copy fail; every other resource still renders.
                SourceResourceNames[source.Name] = known;
                foreach (var name in known.Where(n => !local.ContainsKey(n) && !providers.ContainsKey(n)))
                {
                    BrokenResources[name] = e;
                    resources[name] = new OrderedDictionary<string, object?>();
                }
            }
        }

        var merged = new OrderedDictionary<string, object?>(baseCluster, StringComparer.Ordinal) { ["resources"] = resources };
        return merged;
    }

    /// <summary>The resource entries of the source's <c>kit-resources.yaml</c>, in base-cluster.yaml's format.</summary>
    static IEnumerable<(string Name, OrderedDictionary<string, object?> Entry)> SourceResources(SourceTree tree)
    {
        var label = tree.Label(KitSource.ResourcesFile);
        var text = tree.ReadText(KitSource.ResourcesFile)
            ?? throw new RenderException($"source '{tree.Source.Name}' has no {KitSource.ResourcesFile} in '{(tree.Source.Path.Length == 0 ? "its root" : tree.Source.Path)}' at {tree.Revision}", label);
        if (YamlLoader.LoadSingle(text, label) is not OrderedDictionary<string, object?> document
            || Values.Get(document, "resources") is not OrderedDictionary<string, object?> resources)
        {
            throw new RenderException("expected a mapping with resources: (as in base-cluster.yaml)", label, 1);
        }

        foreach (var (name, value) in resources)
        {
            if (value is not OrderedDictionary<string, object?> entry)
            {
                throw new RenderException($"resource '{name}' must be a mapping", label, LineOf(tree, KitSource.ResourcesFile, name + ":"));
            }

            yield return (name, entry);
        }
    }
}
