using System.Diagnostics.Metrics;

namespace Kit.Hosting;

/// <summary>
/// kit's own instruments, under the meter <see cref="MeterName"/>; <c>/metrics</c> serves them in Prometheus
/// names (dots become underscores, a counter ends in <c>_total</c>, seconds in <c>_seconds</c>).
/// </summary>
public static class KitMetrics
{
    public const string MeterName = "Kit";

    static readonly Meter Meter = new(MeterName);

    /// <summary><c>kit_deployments_total{outcome}</c>: completed deployments, succeeded or failed (tracker).</summary>
    public static readonly Counter<long> Deployments = Meter.CreateCounter<long>("kit.deployments", description: "Deployments completed, by outcome");

    /// <summary><c>kit_cluster_deploy_duration_seconds{cluster,outcome}</c>: one cluster's deployment (deployer).</summary>
    public static readonly Histogram<double> ClusterDeployDuration = Meter.CreateHistogram("kit.cluster.deploy.duration", "s", "Duration of one cluster's deployment, by cluster and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });

    /// <summary><c>kit_cluster_unreachable_total{cluster}</c>: deployments or reconciles that could not reach the cluster's API.</summary>
    public static readonly Counter<long> ClusterUnreachable = Meter.CreateCounter<long>("kit.cluster.unreachable", description: "Deployments and reconciles that could not reach the cluster, by cluster");

    /// <summary><c>kit_render_duration_seconds{outcome}</c>: rendering every cluster of one commit (deploymentizer).</summary>
    public static readonly Histogram<double> RenderDuration = Meter.CreateHistogram("kit.render.duration", "s", "Duration of rendering one commit for its clusters, by outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary><c>kit_apply_requests_total{cluster,code}</c>: writes to a cluster's API by HTTP status code (deployer).</summary>
    public static readonly Counter<long> ApplyRequests = Meter.CreateCounter<long>("kit.apply.requests", description: "Apply requests to the clusters' API servers, by cluster and HTTP status code");

    /// <summary><c>kit_image_commits_total</c>: image commits pushed to the deployments repository (image-deployer).</summary>
    public static readonly Counter<long> ImageCommits = Meter.CreateCounter<long>("kit.image.commits", description: "Image commits pushed to the deployments repository");

    /// <summary><c>kit_push_retries_total</c>: pushes refused because the branch moved, then re-applied on the new tip.</summary>
    public static readonly Counter<long> PushRetries = Meter.CreateCounter<long>("kit.push.retries", description: "Pushes refused because the branch moved, re-applied on the new tip");

    /// <summary><c>kit_drift_detected_total{cluster}</c>: live objects found differing from git (deployer).</summary>
    public static readonly Counter<long> DriftDetected = Meter.CreateCounter<long>("kit.drift.detected", description: "Drift found on a cluster, by cluster");

    /// <summary><c>kit_drift_healed_total{cluster}</c>: drift corrected by applying git's state again.</summary>
    public static readonly Counter<long> DriftHealed = Meter.CreateCounter<long>("kit.drift.healed", description: "Drift corrected on a cluster, by cluster");
}
