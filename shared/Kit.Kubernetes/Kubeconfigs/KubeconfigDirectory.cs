using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>
/// The clusters the kubeconfig glob names. Rescans on a miss and re-reads a changed file, so a
/// kubeconfig added or rotated while the service runs is used without a restart.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The lock is only awaited: a SemaphoreSlim holds nothing to dispose until its AvailableWaitHandle is read.")]
public sealed class KubeconfigDirectory(IOptions<ClusterAccessSettings> settings, ILogger<KubeconfigDirectory> logger)
{
    readonly SemaphoreSlim scanLock = new(1, 1);
    Dictionary<string, KubeconfigEntry> byCluster = new(StringComparer.Ordinal);
    Dictionary<string, KubeconfigEntry> byPath = new(StringComparer.Ordinal);
    long scans;

    public string Glob => settings.Value.Kubeconfigs;

    /// <summary>The entry for a cluster, or null when no kubeconfig names it (after a rescan).</summary>
    public async Task<KubeconfigEntry?> FindAsync(string cluster, CancellationToken cancellationToken)
    {
        var seen = Interlocked.Read(ref scans);
        if (Volatile.Read(ref byCluster).TryGetValue(cluster, out var entry) && IsCurrent(entry))
        {
            return entry;
        }

        await RescanAsync(seen, cancellationToken);
        return Volatile.Read(ref byCluster).GetValueOrDefault(cluster);
    }

    /// <summary>Every cluster found by the last scan.</summary>
    public async Task<IReadOnlyCollection<KubeconfigEntry>> AllAsync(CancellationToken cancellationToken)
    {
        await RescanAsync(Interlocked.Read(ref scans), cancellationToken);
        return Volatile.Read(ref byCluster).Values;
    }

    async Task RescanAsync(long seen, CancellationToken cancellationToken)
    {
        await scanLock.WaitAsync(cancellationToken);
        try
        {
            // Another caller rescanned while this one waited: its result is fresh enough.
            if (Interlocked.Read(ref scans) != seen)
            {
                return;
            }

            var known = byPath;
            var read = KubeconfigGlob.Files(Glob)
                .AsParallel()
                .WithCancellation(cancellationToken)
                .Select(file =>
                {
                    var info = new FileInfo(file);
                    return known.TryGetValue(file, out var entry) && entry.LastWriteUtc == info.LastWriteTimeUtc && entry.Length == info.Length
                        ? entry
                        : KubeconfigReader.Read(file);
                })
                .ToList();
            var paths = read.ToDictionary(e => e.Path, StringComparer.Ordinal);

            var clusters = Index(paths.Values);
            if (clusters.Count != byCluster.Count)
            {
                logger.LogInformation("Kubeconfigs {Glob}: {Count} clusters", Glob, clusters.Count);
            }

            Volatile.Write(ref byPath, paths);
            Volatile.Write(ref byCluster, clusters);
            Interlocked.Increment(ref scans);
        }
        finally
        {
            scanLock.Release();
        }
    }

    /// <summary>One entry per cluster; a readable file wins over a broken one, two readable files naming one cluster are an error.</summary>
    public static Dictionary<string, KubeconfigEntry> Index(IEnumerable<KubeconfigEntry> entries)
    {
        var result = new Dictionary<string, KubeconfigEntry>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (!result.TryGetValue(entry.Cluster, out var other) || (other.Error is not null && entry.Error is null))
            {
                result[entry.Cluster] = entry;
            }
            else if (entry.Error is null && other.Error is null)
            {
                result[entry.Cluster] = entry with
                {
                    Config = null,
                    Error = $"cluster {entry.Cluster} is named by two kubeconfigs, {other.Path} and {entry.Path}",
                };
            }
        }

        return result;
    }

    static bool IsCurrent(KubeconfigEntry entry)
    {
        var info = new FileInfo(entry.Path);
        return info.Exists && info.LastWriteTimeUtc == entry.LastWriteUtc && info.Length == entry.Length;
    }
}
