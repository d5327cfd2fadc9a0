using System.Net;
using Kit.Contracts;
using Kit.Hosting;

namespace Kit.Deploying;

/// <summary>What the deployer adds to <see cref="KitMetrics"/>: cluster outcomes, applies, unreachable clusters, drift.</summary>
static class DeployerMetrics
{
    /// <summary>
    /// A deployment's duration by cluster and outcome (a reconcile's cheap check is not one: it would bury
    /// the deployments' durations), and drift found and healed by either.
    /// </summary>
    public static void Record(ReconcileResult result, bool reconcile)
    {
        var cluster = new KeyValuePair<string, object?>("cluster", result.Deployed.Cluster);
        if (!reconcile)
        {
            KitMetrics.ClusterDeployDuration.Record(result.Deployed.Duration.TotalSeconds, cluster,
                new KeyValuePair<string, object?>("outcome", Outcome(result.Deployed.Outcome)));
        }

        if (result.Drift is { } drift)
        {
            KitMetrics.DriftDetected.Add(1, cluster);
            if (drift.Healed)
            {
                KitMetrics.DriftHealed.Add(1, cluster);
            }
        }
    }

    public static void Unreachable(string cluster) =>
        KitMetrics.ClusterUnreachable.Add(1, new KeyValuePair<string, object?>("cluster", cluster));

    public static void Applied(string cluster, HttpStatusCode status) =>
        KitMetrics.ApplyRequests.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("code", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The outcome as the events' JSON writes it: <c>succeeded</c>, <c>rolled_back</c>, ….</summary>
    public static string Outcome(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.RolledBack => "rolled_back",
        DeploymentOutcome.TimedOut => "timed_out",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
