using System.Text.Json;
using Kit.Contracts;
using Kit.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching.Sources;

/// <summary>
/// <c>POST /hooks/sources</c>: a service repository's push webhook (GitHub's push payload, signed like <c>/hooks/git</c>
/// with <c>X-Hub-Signature-256</c> and <c>Kit__ImageDeployer__WebhookSecret</c>). The sources of <c>kit.yaml</c> whose
/// repository and branch the push names are checked at once, and pinned when they moved.
/// </summary>
public static class SourceWebhook
{
    public const string Path = "/hooks/sources";

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SourceWebhook));
        var settings = services.GetRequiredService<IOptions<CommitWatchingSettings>>().Value;
        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        if (string.IsNullOrEmpty(settings.WebhookSecret) || !WebhookSignature.IsWellFormed(signature))
        {
            await RefuseAsync(http, logger, StatusCodes.Status401Unauthorized, string.IsNullOrEmpty(settings.WebhookSecret)
                ? "Kit__ImageDeployer__WebhookSecret is not set" : "the X-Hub-Signature-256 header is missing or not sha256= and 64 hex digits");
            return;
        }

        var body = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await RequestBody.TooLargeAsync(http, logger, "a webhook", settings.MaxRequestBytes);
            return;
        }

        if (!WebhookSignature.IsValid(settings.WebhookSecret, body, signature))
        {
            await RefuseAsync(http, logger, StatusCodes.Status401Unauthorized, "the signature does not match");
            return;
        }

        SourcePush push;
        try
        {
            push = SourcePush.Parse(body);
        }
        catch (JsonException e)
        {
            await RefuseAsync(http, logger, StatusCodes.Status400BadRequest, JsonErrors.Describe(e));
            return;
        }

        if (push.Ref is null)
        {
            await Results.Json(new { ignored = "no ref: not a push" }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
            return;
        }

        var pinner = services.GetRequiredService<SourcePinner>();
        try
        {
            var pinned = await pinner.CheckAsync(services.GetRequiredService<IBus>(), push.Moves, CommitCause.Push, http.RequestAborted);
            await Results.Json(new { pinned = pinned.Select(p => new { source = p.Source, sourceCommit = p.SourceCommit, commit = p.CommitSha }) }).ExecuteAsync(http);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = pinner.Mask(e.Message);
            logger.LogWarning("A source webhook could not check the sources: {Error}", error);
            await Results.Json(new { error }, statusCode: StatusCodes.Status502BadGateway).ExecuteAsync(http);
        }
    }

    static async Task RefuseAsync(HttpContext http, ILogger logger, int status, string reason)
    {
        logger.LogWarning("Refused a source webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.Connection = "close";
            http.Response.StatusCode = status;
            return;
        }

        await RequestBody.RefuseAsync(http, status, reason);
    }
}
