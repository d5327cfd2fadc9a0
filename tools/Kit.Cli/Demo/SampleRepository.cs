using Kit.KubeSim;

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

    /// <summary>
    /// The sample with <paramref name="clusters"/> clusters as a bare repository at <c>root/deployments.git</c>,
    /// and those clusters simulated, their kubeconfigs in <c>root/kubeconfigs</c>.
    /// </summary>
    public static async Task<SampleClusters> StartAsync(string root, int clusters, double rolloutSeconds, CancellationToken cancellationToken = default)
    {
        var source = Path.Combine(root, "source");
        var names = WriteTo(source, clusters);
        var repository = DeploymentsRepository.CreateBare(source, Path.Combine(root, "deployments.git"));
        Directory.Delete(source, recursive: true);
        var kubeconfigs = Path.Combine(root, "kubeconfigs");
        var simulator = await KubeSimServer.StartAsync(new KubeSimOptions
        {
            Names = names,
            KubeconfigDirectory = kubeconfigs,
            RolloutSeconds = rolloutSeconds,
        }, cancellationToken);
        return new SampleClusters(repository, kubeconfigs, simulator, names);
    }
}

/// <summary>The sample deployments repository and its simulated clusters.</summary>
public sealed record SampleClusters(string Repository, string Kubeconfigs, KubeSimServer Simulator, IReadOnlyList<string> Names);
