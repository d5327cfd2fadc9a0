using System.Text.Json;
using Kit.Contracts;
using Kit.Git;
using Kit.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching;

/// <summary><c>POST /hooks/git</c>: a GitHub-style push webhook, signed with <c>X-Hub-Signature-256</c>, that checks the branch now.</summary>
public static class GitWebhook
{
    public const string Path = "/hooks/git";

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitWebhook));
        // Everything that needs no body is checked first: an unsigned post is refused before a byte of it is read.
        var settings = services.GetRequiredService<IOptions<CommitWatchingSettings>>().Value;
        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        if (string.IsNullOrEmpty(settings.WebhookSecret) || !WebhookSignature.IsWellFormed(signature))
        {
            await UnauthorizedAsync(http, logger, string.IsNullOrEmpty(settings.WebhookSecret) ? "Kit__ImageDeployer__WebhookSecret is not set"
                : signature.Length == 0 ? "the X-Hub-Signature-256 header is missing" : "the X-Hub-Signature-256 header is not sha256= and 64 hex digits");
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
            await UnauthorizedAsync(http, logger, "the signature does not match");
            return;
        }

        string? pushed;
        try
        {
            pushed = PushedRef(body);
        }
        catch (JsonException e)
        {
            var error = JsonErrors.Describe(e);
            logger.LogWarning("Refused a webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, error);
            await RequestBody.RefuseAsync(http, StatusCodes.Status400BadRequest, error);
            return;
        }

        var branch = services.GetRequiredService<IOptions<RepositorySettings>>().Value.Branch;
        if (pushed is not null && pushed != "refs/heads/" + branch)
        {
            await Results.Json(new { ignored = pushed }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
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

    static Task UnauthorizedAsync(HttpContext http, ILogger logger, string reason)
    {
        logger.LogWarning("Refused a webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
        http.Response.Headers.Connection = "close";
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>The payload's <c>ref</c> (a push event), or null (a ping, or an empty body); a body that is not JSON throws.</summary>
    static string? PushedRef(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        using var json = JsonDocument.Parse(body, JsonErrors.Options);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("ref", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
