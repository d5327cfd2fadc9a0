using System.Text.Json.Nodes;

namespace Kit.Notifying;

/// <summary>
/// The requests of GitHub's commit statuses API (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>) and GitLab's commit
/// status API (<c>POST /projects/{id}/statuses/{sha}</c>), as notifications for <see cref="WebhookSender"/>.
/// </summary>
public static class CommitStatusRequests
{
    /// <summary>GitHub's limit; GitLab's is longer, so one cut serves both.</summary>
    public const int MaxDescription = 140;

    public static Notification For(
        CommitStatusTarget target, CommitStatusHost host, string sha, CommitState state, string description, string context, Uri? link, Guid deploymentId)
    {
        var api = (host.ApiUrl ?? "").TrimEnd('/');
        description = description.Length > MaxDescription ? description[..(MaxDescription - 1)] + "…" : description;
        if (target.Provider == CommitStatusProvider.GitHub)
        {
            var (owner, name) = (target.Project.Split('/')[0], target.Project.Split('/')[1]);
            var body = new JsonObject { ["state"] = GitHubState(state), ["description"] = description, ["context"] = context };
            AddLink(body, link);
            return new Notification("commit-status:github", new Uri($"{api}/repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}/statuses/{Uri.EscapeDataString(sha)}"),
                body.ToJsonString(), deploymentId)
            {
                Headers = new Dictionary<string, string>
                {
                    ["Authorization"] = $"Bearer {host.Token}",
                    ["Accept"] = "application/vnd.github+json",
                    ["X-GitHub-Api-Version"] = "2022-11-28",
                    ["User-Agent"] = "kit-notifier",
                },
            };
        }

        var gitlab = new JsonObject { ["state"] = GitLabState(state), ["name"] = context, ["description"] = description };
        AddLink(gitlab, link);
        return new Notification("commit-status:gitlab", new Uri($"{api}/projects/{Uri.EscapeDataString(target.Project)}/statuses/{Uri.EscapeDataString(sha)}"),
            gitlab.ToJsonString(), deploymentId)
        {
            Headers = new Dictionary<string, string> { ["PRIVATE-TOKEN"] = host.Token ?? "" },
        };
    }

    static void AddLink(JsonObject body, Uri? link)
    {
        if (link is not null)
        {
            body["target_url"] = link.ToString();
        }
    }

    static string GitHubState(CommitState state) => state switch
    {
        CommitState.Pending => "pending",
        CommitState.Success => "success",
        _ => "failure",
    };

    static string GitLabState(CommitState state) => state switch
    {
        CommitState.Pending => "pending",
        CommitState.Success => "success",
        _ => "failed",
    };
}
