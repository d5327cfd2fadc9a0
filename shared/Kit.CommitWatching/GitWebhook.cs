using Kit.Contracts;
using Kit.Git;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching;

/// <summary>
/// <c>POST /hooks/git</c>: a push webhook from GitHub, GitLab, Gitea, Forgejo, Bitbucket or kit's generic HMAC, proved
/// with the shared secret, that checks the branch now.
/// </summary>
public static class GitWebhook
{
    public const string Path = "/hooks/git";

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitWebhook));
        var pushed = await WebhookPush.ReadAsync(http, services.GetRequiredService<IOptions<CommitWatchingSettings>>().Value, logger, "webhook");
        if (pushed is null)
        {
            return;
        }

        var branch = services.GetRequiredService<IOptions<RepositorySettings>>().Value.Branch;
        if (pushed.Refs.Count > 0 && !pushed.Refs.Any(r => r.Ref == "refs/heads/" + branch))
        {
            await Results.Json(new { ignored = string.Join(", ", pushed.Refs.Select(r => r.Ref)) }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
            return;
        }

        try
        {
            var announced = await services.GetRequiredService<RepositoryWatcher>().CheckAsync(CommitCause.Push, http.RequestAborted);
            await Results.Json(new { announced = announced.Select(a => a.CommitSha) }).ExecuteAsync(http);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = services.GetRequiredService<IOptions<RepositorySettings>>().Value.Mask(e.Message);
            logger.LogWarning("A webhook could not check the deployments repository: {Error}", error);
            await Results.Json(new { error }, statusCode: StatusCodes.Status502BadGateway).ExecuteAsync(http);
        }
    }
}
