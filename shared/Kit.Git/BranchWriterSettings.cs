using System.ComponentModel.DataAnnotations;

namespace Kit.Git;

/// <summary>
/// How kit writes its own commits to the deployments branch (image commits, source pins, rollbacks): the keys of
/// <c>Kit:ImageDeployer</c> every writer shares. The image-deployer's own keys are in its settings, which extend these.
/// </summary>
public class BranchWriterSettings : IValidatableObject
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

    /// <summary>How many commits of the branch are searched for kit's trailers (a redelivered image, the last pin of a source).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Kit__ImageDeployer__HistoryDepth must be between 1 and 1000000")]
    public int HistoryDepth { get; set; } = 2_000;

    /// <summary>How long one git command (fetch, push) may take.</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__ImageDeployer__GitTimeoutSeconds must be between 1 and 3600")]
    public int GitTimeoutSeconds { get; set; } = 60;

    /// <summary>The commit identity when the event names no committer.</summary>
    public string CommitterName { get; set; } = "kit";

    public string CommitterEmail { get; set; } = "kit@localhost";

    public TimeSpan GitTimeout => TimeSpan.FromSeconds(GitTimeoutSeconds);

    /// <summary>The retries and backoff of a rejected push, as these settings give them.</summary>
    public PushRetryPolicy PushPolicy => new(PushRetries, BackoffMilliseconds, MaxBackoffMilliseconds, GitTimeout);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoffMilliseconds < BackoffMilliseconds)
        {
            yield return new ValidationResult(
                "Kit__ImageDeployer__MaxBackoffMilliseconds must not be below Kit__ImageDeployer__BackoffMilliseconds",
                [nameof(MaxBackoffMilliseconds)]);
        }
    }
}
