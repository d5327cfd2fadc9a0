using System.ComponentModel.DataAnnotations;

namespace Kit.Notifying;

/// <summary>The notifier's Slack incoming webhook: <c>Kit:Slack</c>. No URL, no Slack messages.</summary>
public sealed class SlackSettings
{
    public const string Section = "Kit:Slack";

    /// <summary>The incoming webhook URL; a secret: never logged, never shown.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Also post one early message when the first cluster of a deployment fails.</summary>
    public bool NotifyFirstFailure { get; set; }

    [Range(1, 20, ErrorMessage = "Kit__Slack__MaxAttempts must be between 1 and 20")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
    [Range(1, 3600, ErrorMessage = "Kit__Slack__MaxRetryAfterSeconds must be between 1 and 3600")]
    public int MaxRetryAfterSeconds { get; set; } = 120;

    /// <summary>The first back-off after a server error, doubled per attempt.</summary>
    [Range(0.01, 60, ErrorMessage = "Kit__Slack__RetryBaseSeconds must be between 0.01 and 60")]
    public double RetryBaseSeconds { get; set; } = 1;

    [Range(1, 300, ErrorMessage = "Kit__Slack__TimeoutSeconds must be between 1 and 300")]
    public int TimeoutSeconds { get; set; } = 10;
}
