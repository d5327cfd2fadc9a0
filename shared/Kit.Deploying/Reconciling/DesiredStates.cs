using System.Collections.Concurrent;
using Kit.Contracts;

namespace Kit.Deploying.Reconciling;

/// <summary>
/// Each cluster's desired state as this instance last received it: the newest <see cref="ManifestsRendered"/>
/// per cluster (by sequence). The periodic reconcile converges the live state to it; a deployer that knows
/// no desired state for a cluster asks for the tip to be rendered again (<see cref="ReconcileRequested"/>).
/// In memory: after a restart the start-up request fills it again.
/// </summary>
public sealed class DesiredStates
{
    readonly ConcurrentDictionary<string, ManifestsRendered> byCluster = new(StringComparer.Ordinal);

    public int Count => byCluster.Count;

    /// <summary>Keeps <paramref name="message"/> unless a newer sequence is known; a removed cluster is forgotten.</summary>
    public void Remember(ManifestsRendered message)
    {
        if (message.Removed)
        {
            Forget(message.Cluster, message.Sequence);
            return;
        }

        byCluster.AddOrUpdate(message.Cluster, message, (_, known) => known.Sequence > message.Sequence ? known : message);
    }

    /// <summary>Forgets the cluster's desired state when it is not newer than <paramref name="sequence"/> (another instance deployed newer).</summary>
    public void Forget(string cluster, long sequence)
    {
        if (byCluster.TryGetValue(cluster, out var known) && known.Sequence <= sequence)
        {
            byCluster.TryRemove(KeyValuePair.Create(cluster, known));
        }
    }

    public bool Knows(string cluster) => byCluster.ContainsKey(cluster);

    public ManifestsRendered? For(string cluster) => byCluster.GetValueOrDefault(cluster);

    /// <summary>A snapshot of every known desired state.</summary>
    public IReadOnlyList<ManifestsRendered> All() => [.. byCluster.Values];
}
