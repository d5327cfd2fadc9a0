using System.Reflection;

namespace Kit.Cli.Demo;

/// <summary>The sample deployments repository embedded in the tool, written out with the wanted clusters.</summary>
public static class SampleRepository
{
    const string Prefix = "samples/";
    /// <summary>
    /// Writes the sample to <paramref name="target"/> with <paramref name="clusters"/> clusters (the
    /// sample's three first, then copies of the first). Returns the cluster names.
    /// </summary>
    public static IReadOnlyList<string> WriteTo(string target, int clusters)
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

        return names;
    }

}
