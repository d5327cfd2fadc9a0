using System.ComponentModel.DataAnnotations;
using Kit.Kubernetes;

namespace Kit.Deploying;

/// <summary>The deployer's settings: <c>Kit:Deployer</c>, with the cluster access keys of <see cref="ClusterAccessSettings"/>.</summary>
public sealed class DeployerSettings : ClusterAccessSettings
{

    /// <summary>Clusters deployed at once by one instance.</summary>
    [Range(1, 1024, ErrorMessage = "Kit__Deployer__Concurrency must be between 1 and 1024")]
    public int Concurrency { get; set; } = 64;

    /// <summary>Server-side apply takes fields over from other managers (<c>force=true</c>).</summary>
    public bool ForceConflicts { get; set; } = true;

    /// <summary>A drifted cluster is corrected (imperative kubectl changes taken over and undone), not only reported.</summary>
    public bool SelfHeal { get; set; } = true;

    public bool Prune { get; set; } = true;

    /// <summary>
    /// A cluster whose folder was removed from the repository gets its empty set deployed, which prunes what kit
    /// deployed there; when false (the default) it is reported skipped as <c>orphaned</c> and its objects stay.
    /// </summary>
    public bool PruneRemovedClusters { get; set; }

    [Range(1, 86_400, ErrorMessage = "Kit__Deployer__RolloutTimeoutSeconds must be between 1 and 86400")]
    public int RolloutTimeoutSeconds { get; set; } = 600;

    /// <summary>How long a pod may show a failing reason before the rollout fails early.</summary>
    [Range(0, 3_600, ErrorMessage = "Kit__Deployer__FailingPodGraceSeconds must be between 0 and 3600")]
    public double FailingPodGraceSeconds { get; set; } = 30;

    /// <summary>Consecutive checks a pod must fail, after the grace period, before the rollout fails.</summary>
    [Range(1, 100, ErrorMessage = "Kit__Deployer__FailingPodThreshold must be between 1 and 100")]
    public int FailingPodThreshold { get; set; } = 2;

    /// <summary>Pod waiting reasons that never fail a rollout.</summary>
    public List<string> IgnoredFailureReasons { get; set; } = [];

    /// <summary>Time between two rollout checks.</summary>
    [Range(10, 60_000, ErrorMessage = "Kit__Deployer__PollMilliseconds must be between 10 and 60000")]
    public int PollMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// How long a claim on a cluster lasts unless renewed; a running deployment renews it every third of this,
    /// so a worker that dies (killed, node lost) holds its clusters for at most this long.
    /// </summary>
    [Range(3, 3_600, ErrorMessage = "Kit__Deployer__LeaseSeconds must be between 3 and 3600")]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Waiting for a dependency-selector match, or for another worker's claim on the cluster to end.</summary>
    [Range(1, 86_400, ErrorMessage = "Kit__Deployer__WaitTimeoutSeconds must be between 1 and 86400")]
    public int WaitTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// The strategy for manifest sets that name none: <c>rolling-update</c> (a failure is reported; a
    /// revert commit is the rollback) or <c>fast-rollback</c> (kit's: the workload deploys beside the old one).
    /// </summary>
    [RegularExpression("^(rolling-update|fast-rollback)$", ErrorMessage = "Kit__Deployer__Strategy must be rolling-update or fast-rollback")]
    public string Strategy { get; set; } = "rolling-update";

    /// <summary>Default modes; <c>Force</c> deploys even an unchanged digest.</summary>
    public bool DryRun { get; set; }

    public bool Diff { get; set; }

    public bool CreateOnly { get; set; }

    public bool Raw { get; set; }

    public bool Force { get; set; }

    /// <summary>
    /// Seconds between two reconciles of every cluster this instance knows the desired state of: drift is
    /// reported and, with <see cref="SelfHeal"/>, corrected. 0 = events only (commits, start-up, kubeconfigs).
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "Kit__Deployer__ReconcileSeconds must be between 0 and 86400 (0 = events only)")]
    public int ReconcileSeconds { get; set; } = 300;

    /// <summary>Seconds between two looks for kubeconfigs that appeared: their clusters get the tip without a new commit.</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__Deployer__KubeconfigScanSeconds must be between 1 and 3600")]
    public int KubeconfigScanSeconds { get; set; } = 10;

    /// <summary>
    /// Seconds after start before the deployer asks for the tip for the clusters it knows nothing of (the
    /// watcher's own start-up announcement usually makes that request unnecessary).
    /// </summary>
    [Range(0, 3_600, ErrorMessage = "Kit__Deployer__ReconcileStartDelaySeconds must be between 0 and 3600")]
    public int ReconcileStartDelaySeconds { get; set; } = 30;

    public TimeSpan RolloutTimeout => TimeSpan.FromSeconds(RolloutTimeoutSeconds);

    public DeployModes Modes => new()
    {
        DryRun = DryRun,
        Diff = Diff,
        CreateOnly = CreateOnly,
        Raw = Raw,
        Force = Force,
    };
}
