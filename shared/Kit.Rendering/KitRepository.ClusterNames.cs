using Kit.Git;
using Kit.Rendering.Trees;

namespace Kit.Rendering;

public sealed partial class KitRepository
{
    /// <summary>
    /// The name of every cluster folder (its cluster.yaml's metadata.name, else the folder's name), enabled or not,
    /// without rendering anything; null when the kit configuration cannot be read.
    /// </summary>
    public static IReadOnlySet<string>? ClusterNames(IRepositoryTree tree, string configPath = KitConfig.DefaultPath)
    {
        KitConfig config;
        try
        {
            config = LoadConfig(tree, configPath);
        }
        catch (RenderException)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in tree.Folders(config.ClusterPath))
        {
            var clusterFile = RepositoryPath.Join(RepositoryPath.Join(config.ClusterPath, folder), "cluster.yaml");
            if (tree.ReadText(clusterFile) is not null)
            {
                names.Add(ClusterNameOf(tree, clusterFile) ?? folder);
            }
        }

        return names;
    }
}
