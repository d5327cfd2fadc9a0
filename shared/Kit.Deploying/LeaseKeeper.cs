using Kit.Deploying.Inventory;
using Kit.Kubernetes.Api;

namespace Kit.Deploying;

/// <summary>Renews a claim's lease every third of its length until stopped; gives the latest claimed record back.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "StopAsync disposes the token source; ClusterDeployer calls it in a finally.")]
sealed class LeaseKeeper
{
    readonly ClusterConnection cluster;
    readonly TimeSpan lease;
    readonly ILogger logger;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    InventoryRecord claimed;
    bool stopped;

    public LeaseKeeper(ClusterConnection cluster, InventoryRecord claimed, TimeSpan lease, ILogger logger)
    {
        this.cluster = cluster;
        this.claimed = claimed;
        this.lease = lease;
        this.logger = logger;
        loop = RenewAsync();
    }

    /// <summary>Stops renewing (idempotent) and returns the claim as last written.</summary>
    public async Task<InventoryRecord> StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }

        return claimed;
    }

    async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                // Stopping is the usual end of a run, so it ends the wait without an exception.
                await Task.Delay(lease / 3, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                var renewed = await InventoryStore.RenewAsync(cluster, claimed, DateTimeOffset.UtcNow + lease, stop.Token);
                if (renewed is null)
                {
                    logger.LogWarning("Cluster {Cluster}: the claim changed under this worker; no longer renewing it", cluster.Cluster);
                    return;
                }

                claimed = renewed;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ClusterUnreachableException or KubeApiException or OperationCanceledException)
            {
                // The next round tries again; the lease outlives two missed renewals.
                logger.LogWarning("Cluster {Cluster}: renewing the claim failed: {Error}", cluster.Cluster, e.Message);
            }
        }
    }
}
