using System.ComponentModel.DataAnnotations;

namespace Kit.Kubernetes;

/// <summary>How clusters are reached (the <c>Kit:Deployer</c> keys the API access reads): kubeconfigs, credentials, request retries.</summary>
public class ClusterAccessSettings
{
    public const string Section = "Kit:Deployer";

    /// <summary>A glob of kubeconfig files (<c>/configs/**/kubeconfig</c>) or a directory holding them.</summary>
    [Required(ErrorMessage = "Kit__Deployer__Kubeconfigs is not set: give a glob of kubeconfig files such as /configs/**/kubeconfig, or a directory")]
    public string Kubeconfigs { get; set; } = "";

    /// <summary>Kubeconfig <c>exec</c> credential plugins run programs named in a file; only when allowed.</summary>
    public bool AllowExecCredentials { get; set; }

    /// <summary>Attempts of one API request when the cluster is unreachable or answers 5xx.</summary>
    [Range(1, 20, ErrorMessage = "Kit__Deployer__RequestAttempts must be between 1 and 20")]
    public int RequestAttempts { get; set; } = 5;

    [Range(1, 60_000, ErrorMessage = "Kit__Deployer__RetryDelayMilliseconds must be between 1 and 60000")]
    public int RetryDelayMilliseconds { get; set; } = 250;

    [Range(1, 600, ErrorMessage = "Kit__Deployer__RequestTimeoutSeconds must be between 1 and 600")]
    public int RequestTimeoutSeconds { get; set; } = 30;
}
