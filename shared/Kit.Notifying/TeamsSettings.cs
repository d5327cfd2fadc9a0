namespace Kit.Notifying;

/// <summary>The notifier's Microsoft Teams incoming webhook: <c>Kit:Teams</c>. No URL, no Teams messages.</summary>
public sealed class TeamsSettings
{
    public const string Section = "Kit:Teams";

    /// <summary>The incoming webhook (or Workflows) URL; a secret: never logged, never shown.</summary>
    public string? WebhookUrl { get; set; }
}
