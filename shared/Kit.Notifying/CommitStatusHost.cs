namespace Kit.Notifying;

/// <summary>One git host's API: its base URL (GitHub Enterprise's <c>https://HOST/api/v3</c>, a GitLab's <c>https://HOST/api/v4</c>) and token.</summary>
public sealed class CommitStatusHost
{
    public string? ApiUrl { get; set; }

    /// <summary>A token allowed to write commit statuses; a secret: never logged, never shown.</summary>
    public string? Token { get; set; }
}
