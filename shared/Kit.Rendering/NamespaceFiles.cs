using Kit.Rendering.Trees;

namespace Kit.Rendering;

/// <summary>
/// kit's <c>namespaces/&lt;cluster&gt;/*.yaml</c> (kit-deployer's <c>NAMESPACES_DIR</c>): the Namespace objects the deployer
/// creates on the cluster, when missing, before its manifests. Read with the rules of every repository file (safe
/// paths, the size limit, YAML without duplicated keys, anchors or aliases, the nesting limit); every document must be
/// a <c>v1</c> Namespace with a valid name, and a namespace appears once.
/// </summary>
static class NamespaceFiles
{
    /// <summary>The cluster's namespace files in name order (none without the folder); a bad one throws a <see cref="RenderException"/> naming it.</summary>
    public static IReadOnlyList<RenderedFile> Read(IRepositoryTree tree, string cluster)
    {
        var folder = RepositoryPath.Join(ClusterManifests.NamespacesFolder, cluster);
        var files = new List<RenderedFile>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in tree.Files(folder).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) && !f.StartsWith('.')))
        {
            var path = RepositoryPath.Join(folder, name);
            var content = tree.ReadText(path) ?? throw new RenderException("the file could not be read", path);
            IReadOnlyList<ManifestIdentity> objects;
            try
            {
                objects = ManifestValidator.Validate(content, path);
            }
            catch (RenderException e) when (e.Message == ManifestValidator.NoObject)
            {
                throw new RenderException("the file holds no Namespace", path);
            }

            if (objects.Count == 0)
            {
                throw new RenderException("the file holds no Namespace", path);
            }

            foreach (var item in objects)
            {
                if (item.ApiVersion != "v1" || item.Kind != "Namespace")
                {
                    throw new RenderException(
                        $"{item.Display} ({item.ApiVersion}) is not a Namespace: the namespaces folder holds only objects of kind Namespace, apiVersion v1", path, item.Line);
                }

                if (!defined.TryAdd(item.Name, $"{path}:{item.Line}"))
                {
                    throw new RenderException($"Namespace {item.Name} is also defined in {defined[item.Name]}", path, item.Line);
                }
            }

            files.Add(new RenderedFile(name, content));
        }

        return files;
    }
}
