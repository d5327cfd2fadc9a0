using System.Reflection;
using System.Text.RegularExpressions;

namespace Kit.Cli.Demo;

/// <summary>The sample deployments repository embedded in the tool, written out with the wanted clusters.</summary>
public static partial class SampleRepository
{
    const string Prefix = "samples/";
    const string FailingTag = "does-not-exist";

    /// <summary>The image that never becomes ready in the demo's simulator.</summary>
    public const string FailingImages = ":" + FailingTag + "$";

    /// <summary>
    /// Writes the sample to <paramref name="target"/> with <paramref name="clusters"/> clusters (the
    /// sample's three first, then copies of the first); <paramref name="failCluster"/> is pinned to an
    /// image that never pulls. Returns the cluster names.
    /// </summary>
    public static IReadOnlyList<string> WriteTo(string target, int clusters, string? failCluster)
    {
        var assembly = typeof(SampleRepository).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = Path.Combine(target, resource[Prefix.Length..].Replace('\\', '/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var input = assembly.GetManifestResourceStream(resource)!;
            using var output = File.Create(path);
            input.CopyTo(output);
        }

        var clusterRoot = Path.Combine(target, "clusters");
        var sample = Directory.GetDirectories(clusterRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var names = new List<string>();
        var template = File.ReadAllText(Path.Combine(clusterRoot, "dev-1", "cluster.yaml"));
        foreach (var dir in sample)
        {
            if (names.Count < clusters)
            {
                names.Add(dir!);
            }
            else
            {
                Directory.Delete(Path.Combine(clusterRoot, dir!), recursive: true);
            }
        }

        for (var i = names.Count + 1; names.Count < clusters; i++)
        {
            var name = $"cluster-{i}";
            Directory.CreateDirectory(Path.Combine(clusterRoot, name));
            File.WriteAllText(Path.Combine(clusterRoot, name, "cluster.yaml"), template.Replace("dev-1", name, StringComparison.Ordinal));
            names.Add(name);
        }

        if (failCluster is not null)
        {
            if (!names.Contains(failCluster))
            {
                throw new ArgumentException($"--fail-cluster {failCluster}: the demo's clusters are {string.Join(", ", names)}");
            }

            var file = Path.Combine(clusterRoot, failCluster, "cluster.yaml");
            File.WriteAllText(file, ContainerLine().Replace(File.ReadAllText(file),
                $"$1image: registry.example.com/team/hello:{FailingTag}\n$0", 1));
        }

        return names;
    }

    // The "hello-con:" container block of a cluster file: the failing image goes right under it.
    [GeneratedRegex(@"(?<=\n)([ ]+)env:\n", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerLine();
}
