using System.Diagnostics;
using Kit.Contracts;

namespace Kit.Deploying.Reconciling;

/// <summary>
/// One reconcile of many clusters: each cluster's live state is checked against its desired state (at most
/// <see cref="DeployerSettings.Concurrency"/> at once), drift is handed to <c>drifted</c> (the caller publishes
/// it), healed when self-heal is on; a cluster behind its desired state (a failed deployment) is deployed and
/// its <see cref="ClusterDeployed"/> handed to <c>deployed</c>; a cluster another instance has deployed newer is forgotten.
/// </summary>
public sealed class ReconcilePass(ClusterDeployer deployer, DesiredStates desired, ILogger<ReconcilePass> logger)
{
    public async Task<ReconcileSummary> RunAsync(
        IReadOnlyList<ManifestsRendered> clusters, int concurrency, Func<DriftDetected, CancellationToken, Task> drifted,
        Func<ClusterDeployed, CancellationToken, Task> deployed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int stale = 0, drift = 0, healed = 0, failed = 0;
        await Parallel.ForEachAsync(clusters, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (message, token) =>
        {
            var result = await deployer.ReconcileAsync(message, token);
            if (result.Stale)
            {
                Interlocked.Increment(ref stale);
                desired.Forget(message.Cluster, message.Sequence);
                return;
            }

            if (result.Error is not null && result.Drift is null)
            {
                Interlocked.Increment(ref failed);
                logger.LogWarning("Reconcile of cluster {Cluster} at commit {Commit}: {Error}", message.Cluster, message.CommitSha, result.Error);
                return;
            }

            if (result.Changed && result.Drift is null)
            {
                // Behind, or its last deployment failed: the reconcile deployed the desired set, a deployment's report.
                await deployed(result.Deployed, token);
            }

            if (result.Drift is { } found)
            {
                Interlocked.Increment(ref drift);
                if (found.Healed)
                {
                    Interlocked.Increment(ref healed);
                }

                await drifted(found, token);
            }
        });

        var summary = new ReconcileSummary(clusters.Count, stale, drift, healed, failed, Stopwatch.GetElapsedTime(started));
        logger.Log(
            summary.Drifted > 0 || summary.Failed > 0 ? LogLevel.Information : LogLevel.Debug,
            "Reconciled {Clusters} clusters in {Seconds:0.00} s: {Drifted} drifted, {Healed} healed, {Failed} failed, {Stale} deployed newer elsewhere",
            summary.Clusters, summary.Elapsed.TotalSeconds, summary.Drifted, summary.Healed, summary.Failed, summary.Stale);
        return summary;
    }
}

/// <summary>How one reconcile pass ended.</summary>
public sealed record ReconcileSummary(int Clusters, int Stale, int Drifted, int Healed, int Failed, TimeSpan Elapsed);
