namespace Kit.Notifying;

/// <summary>
/// Commit statuses: <c>Kit:CommitStatus</c>. The deployments repository's commit and the source commit of each built image
/// get a status (pending, then success or failure) on GitHub or GitLab. Nothing configured, no statuses.
/// </summary>
public sealed class CommitStatusSettings
{
    public const string Section = "Kit:CommitStatus";

    /// <summary>The sections of <see cref="GitHub"/> and <see cref="GitLab"/>: each host's API URL and token.</summary>
    public const string GitHubSection = "Kit:CommitStatus:GitHub";
    public const string GitLabSection = "Kit:CommitStatus:GitLab";

    /// <summary>The deployments repository: <c>github:owner/name</c> or <c>gitlab:group/project</c>.</summary>
    public string? Deployments { get; set; }

    /// <summary>Image repository key (the folder under <c>images/</c>) → the repository its source commits belong to.</summary>
    public Dictionary<string, string> Images { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The status's name on the commit (GitHub's <c>context</c>, GitLab's <c>name</c>).</summary>
    public string Context { get; set; } = "kit";

    /// <summary>The tracker's base URL as users reach it; each status links to <c>{TrackerUrl}/api/deployments/{id}</c>.</summary>
    public string? TrackerUrl { get; set; }

    public CommitStatusHost GitHub { get; set; } = new() { ApiUrl = "https://api.github.com" };

    public CommitStatusHost GitLab { get; set; } = new() { ApiUrl = "https://gitlab.com/api/v4" };

    /// <summary>The parsed deployments target, or null when none (or a wrong one, refused at start-up) is configured.</summary>
    public CommitStatusTarget? DeploymentsTarget() => CommitStatusTarget.Parse(Deployments);

    /// <summary>The target of an image repository's source commits, or null.</summary>
    public CommitStatusTarget? ImageTarget(string imageRepository) =>
        Images.TryGetValue(imageRepository, out var value) ? CommitStatusTarget.Parse(value) : null;

    public CommitStatusHost Host(CommitStatusProvider provider) => provider == CommitStatusProvider.GitHub ? GitHub : GitLab;

    /// <summary>One line per wrong entry, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        var targets = new List<CommitStatusTarget>();
        if (!string.IsNullOrWhiteSpace(Deployments))
        {
            if (CommitStatusTarget.Parse(Deployments) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                yield return "Kit__CommitStatus__Deployments must be github:OWNER/NAME or gitlab:PROJECT";
            }
        }

        foreach (var (key, value) in Images)
        {
            if (CommitStatusTarget.Parse(value) is { } target)
            {
                targets.Add(target);
            }
            else
            {
                yield return $"Kit__CommitStatus__Images__{key} must be github:OWNER/NAME or gitlab:PROJECT";
            }
        }

        if (string.IsNullOrWhiteSpace(Context) || Context.Length > 255)
        {
            yield return "Kit__CommitStatus__Context must be 1 to 255 characters";
        }

        if (!string.IsNullOrWhiteSpace(TrackerUrl) && !NotificationUrls.IsHttp(TrackerUrl))
        {
            yield return "Kit__CommitStatus__TrackerUrl must be an http:// or https:// URL";
        }

        foreach (var provider in targets.Select(t => t.Provider).Distinct())
        {
            var section = (provider == CommitStatusProvider.GitHub ? GitHubSection : GitLabSection).Replace(":", "__", StringComparison.Ordinal);
            var host = Host(provider);
            if (string.IsNullOrWhiteSpace(host.Token))
            {
                yield return $"{section}__Token is required for the {provider.ToString().ToLowerInvariant()}: targets";
            }

            if (!NotificationUrls.IsHttp(host.ApiUrl ?? ""))
            {
                yield return $"{section}__ApiUrl must be an http:// or https:// URL";
            }
        }
    }
}
