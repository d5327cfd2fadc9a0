using Kit.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching.Sources;

/// <summary>
/// <c>POST /hooks/sources</c>: a service repository's push webhook, from any git host <c>/hooks/git</c> understands and
/// proved the same way (<see cref="WebhookPush"/>). The sources of <c>kit.yaml</c> whose repository and branch the push
/// names are checked at once, and pinned when they moved.
/// </summary>
public static class SourceWebhook
{
    public const string Path = "/hooks/sources";

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SourceWebhook));
        var push = await WebhookPush.ReadAsync(http, services.GetRequiredService<IOptions<CommitWatchingSettings>>().Value, logger, "source webhook");
        if (push is null)
        {
            return;
        }

        if (push.Refs.Count == 0)
        {
            await Results.Json(new { ignored = "no ref: not a push" }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
            return;
        }

        var pinner = services.GetRequiredService<SourcePinner>();
        try
        {
            var pinned = await pinner.CheckAsync(services.GetRequiredService<IBus>(), source => push.Moves(source.Url, source.Branch), CommitCause.Push, http.RequestAborted);
            await Results.Json(new { pinned = pinned.Select(p => new { source = p.Source, sourceCommit = p.SourceCommit, commit = p.CommitSha }) }).ExecuteAsync(http);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = pinner.Mask(e.Message);
            logger.LogWarning("A source webhook could not check the sources: {Error}", error);
            await Results.Json(new { error }, statusCode: StatusCodes.Status502BadGateway).ExecuteAsync(http);
        }
    }
}
