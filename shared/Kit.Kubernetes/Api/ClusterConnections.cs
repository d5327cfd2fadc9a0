using k8s;
using Kit.Kubernetes.Kubeconfigs;
using Microsoft.Extensions.Options;

namespace Kit.Kubernetes.Api;

/// <summary>One <see cref="ClusterConnection"/> per cluster, reused until its kubeconfig file changes.</summary>
public sealed class ClusterConnections(IOptions<ClusterAccessSettings> settings) : IDisposable
{
    readonly Dictionary<string, (KubeconfigEntry Entry, ClusterConnection Connection)> cache = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public ClusterConnection Get(KubeconfigEntry entry)
    {
        if (entry.Error is not null || entry.Config is null)
        {
            throw new ClusterConfigurationException(entry.Error ?? $"kubeconfig {entry.Path} cannot be used");
        }

        if (entry.ExecCommand is not null && !settings.Value.AllowExecCredentials)
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {entry.Path} uses an exec credential plugin ({OneLine(entry.ExecCommand)}); set Kit__Deployer__AllowExecCredentials=true to allow it");
        }

        if (entry.AuthProviderCommand is not null && !settings.Value.AllowExecCredentials)
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {entry.Path} uses a command for credentials ({OneLine(entry.AuthProviderCommand)}); set Kit__Deployer__AllowExecCredentials=true to allow it");
        }

        lock (gate)
        {
            if (cache.TryGetValue(entry.Cluster, out var known) && known.Entry.Path == entry.Path && known.Entry.LastWriteUtc == entry.LastWriteUtc && known.Entry.Length == entry.Length)
            {
                return known.Connection;
            }

            // The old connection may still serve a deployment in flight; it is left to the collector.
            var connection = Create(entry);
            cache[entry.Cluster] = (entry, connection);
            return connection;
        }
    }

    ClusterConnection Create(KubeconfigEntry entry)
    {
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(entry.Config!, entry.Context);
            return new ClusterConnection(entry.Cluster, entry.Namespace, new k8s.Kubernetes(config), settings.Value);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Everything building a client throws concerns this kubeconfig only; KubernetesClient even throws a
            // plain Exception for the azure and gcp auth-providers it no longer supports.
            throw new ClusterConfigurationException($"kubeconfig {entry.Path} cannot be used: {OneLine(e.Message)}");
        }
    }

    static string OneLine(string text) => text.Split('\n', 2)[0].Trim();

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (_, connection) in cache.Values)
            {
                connection.Dispose();
            }

            cache.Clear();
        }
    }
}
