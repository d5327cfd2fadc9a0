using System.ComponentModel.DataAnnotations;

namespace Kit.CommitWatching;

/// <summary>
/// The repository watcher's keys of <c>Kit:ImageDeployer</c> (the host that runs it): polling, the webhook's
/// secret and body limit, and the git time limit it shares with image updating.
/// </summary>
public sealed class CommitWatchingSettings
{
    public const string Section = "Kit:ImageDeployer";

    /// <summary>The poll interval; 0 turns polling off (webhooks still work).</summary>
    [Range(0, 86_400, ErrorMessage = "Kit__ImageDeployer__PollSeconds must be between 0 and 86400")]
    public double PollSeconds { get; set; } = 30;

    /// <summary>The shared secret of <c>POST /hooks/git</c> (X-Hub-Signature-256); unset = every webhook is refused.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The largest webhook body accepted; a larger one is refused with 413 while it is read.</summary>
    [Range(1_024, 26_214_400, ErrorMessage = "Kit__ImageDeployer__MaxRequestBytes must be between 1024 and 26214400 (25 MiB)")]
    public int MaxRequestBytes { get; set; } = 1_048_576;

    /// <summary>How long one fetch of the branch may take.</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__ImageDeployer__GitTimeoutSeconds must be between 1 and 3600")]
    public int GitTimeoutSeconds { get; set; } = 60;
}
