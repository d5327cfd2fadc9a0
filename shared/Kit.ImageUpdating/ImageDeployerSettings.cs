using System.ComponentModel.DataAnnotations;

namespace Kit.ImageUpdating;

/// <summary>How the image-deployer writes and pushes images (the watcher's keys of this section are <c>CommitWatchingSettings</c>): <c>Kit:ImageDeployer</c>.</summary>
public sealed class ImageDeployerSettings
{
    public const string Section = "Kit:ImageDeployer";

    /// <summary>How often a rejected push is fetched, re-applied and pushed again before the message is retried by the bus.</summary>
    [Range(0, 100, ErrorMessage = "Kit__ImageDeployer__PushRetries must be between 0 and 100")]
    public int PushRetries { get; set; } = 10;

    /// <summary>The first backoff after a rejected push; it doubles, with full jitter, up to the maximum.</summary>
    [Range(1, 60_000, ErrorMessage = "Kit__ImageDeployer__BackoffMilliseconds must be between 1 and 60000")]
    public int BackoffMilliseconds { get; set; } = 50;

    [Range(1, 600_000, ErrorMessage = "Kit__ImageDeployer__MaxBackoffMilliseconds must be between 1 and 600000")]
    public int MaxBackoffMilliseconds { get; set; } = 2_000;

    /// <summary>How long the first pending image waits for others to share its commit.</summary>
    [Range(0, 10_000, ErrorMessage = "Kit__ImageDeployer__BatchWindowMilliseconds must be between 0 and 10000")]
    public int BatchWindowMilliseconds { get; set; } = 25;

    /// <summary>The most images written in one commit.</summary>
    [Range(1, 10_000, ErrorMessage = "Kit__ImageDeployer__MaxBatch must be between 1 and 10000")]
    public int MaxBatch { get; set; } = 200;

    /// <summary>How many commits of the branch are searched for a <c>Kit-Deployment-Id</c> trailer (redelivery).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Kit__ImageDeployer__HistoryDepth must be between 1 and 1000000")]
    public int HistoryDepth { get; set; } = 2_000;

    /// <summary>The bearer token of <c>POST /api/images</c> (ImageBuilt over HTTP, for CI without broker access); unset = refused.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// The largest body <c>POST /hooks/git</c> and <c>POST /api/images</c> accept; a larger one is refused with 413 while it
    /// is read, never buffered. Push payloads and image posts are a few KiB; GitHub caps payloads at 25 MiB.
    /// </summary>
    [Range(1_024, 26_214_400, ErrorMessage = "Kit__ImageDeployer__MaxRequestBytes must be between 1024 and 26214400 (25 MiB)")]
    public int MaxRequestBytes { get; set; } = 1_048_576;

    /// <summary>How long one git command (fetch, push) may take.</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__ImageDeployer__GitTimeoutSeconds must be between 1 and 3600")]
    public int GitTimeoutSeconds { get; set; } = 60;

    /// <summary>The commit identity when an <c>ImageBuilt</c> names no committer.</summary>
    public string CommitterName { get; set; } = "kit";

    public string CommitterEmail { get; set; } = "kit@localhost";
}
