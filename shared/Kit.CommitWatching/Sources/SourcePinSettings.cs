using System.ComponentModel.DataAnnotations;

namespace Kit.CommitWatching.Sources;

/// <summary>
/// The keys of <c>Kit:ImageDeployer</c> a pin commit is written with, the same as an image commit's (the image writer
/// owns and documents them; commit watching must not depend on image updating, so it reads them itself).
/// </summary>
public sealed class SourcePinSettings
{
    public const string Section = "Kit:ImageDeployer";

    [Range(0, 100, ErrorMessage = "Kit__ImageDeployer__PushRetries must be between 0 and 100")]
    public int PushRetries { get; set; } = 10;

    [Range(1, 60_000, ErrorMessage = "Kit__ImageDeployer__BackoffMilliseconds must be between 1 and 60000")]
    public int BackoffMilliseconds { get; set; } = 50;

    [Range(1, 600_000, ErrorMessage = "Kit__ImageDeployer__MaxBackoffMilliseconds must be between 1 and 600000")]
    public int MaxBackoffMilliseconds { get; set; } = 2_000;

    /// <summary>How many commits are searched for kit's last pin of a source (its <c>Kit-Source</c> trailer).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Kit__ImageDeployer__HistoryDepth must be between 1 and 1000000")]
    public int HistoryDepth { get; set; } = 2_000;

    [Range(1, 3_600, ErrorMessage = "Kit__ImageDeployer__GitTimeoutSeconds must be between 1 and 3600")]
    public int GitTimeoutSeconds { get; set; } = 60;

    public string CommitterName { get; set; } = "kit";

    public string CommitterEmail { get; set; } = "kit@localhost";
}
