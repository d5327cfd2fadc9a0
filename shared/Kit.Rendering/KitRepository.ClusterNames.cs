using Kit.Git;
using Kit.Rendering.Trees;

namespace Kit.Rendering;

public sealed partial class KitRepository
{
    /// <summary>The folder of the cluster folders (kit.yaml's <c>cluster.path</c>), or null when the configuration cannot be read.</summary>
    public static string? ClusterFolder(IRepositoryTree tree, string configPath = KitConfig.DefaultPath)
    {
        try
        {
            return LoadConfig(tree, configPath).ClusterPath;
        }
        catch (RenderException)
        {
            return null;
        }
    }

    /// <summary>
    /// The name of every cluster folder (its cluster.yaml's metadata.name, else the folder's name), enabled or not,
    /// without rendering anything; null when the kit configuration cannot be read.
    /// </summary>
    public static IReadOnlySet<string>? ClusterNames(IRepositoryTree tree, string configPath = KitConfig.DefaultPath)
    {
        if (ClusterFolder(tree, configPath) is not { } clusters)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in tree.Folders(clusters))
        {
            var clusterFile = RepositoryPath.Join(RepositoryPath.Join(clusters, folder), "cluster.yaml");
            try
            {
                if (tree.ReadText(clusterFile) is not null)
                {
                    names.Add(ClusterNameOf(tree, clusterFile) ?? folder);
                }
            }
            catch (RenderException)
            {
                // A cluster file that cannot be read (not UTF-8, too large) is still there: its render reports why.
                names.Add(folder);
            }
        }

        return names;
    }
}
