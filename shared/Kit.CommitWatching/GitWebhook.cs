using System.Text.Json;
using Kit.Contracts;
using Kit.Git;
using Kit.Hosting;
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
        // Everything that needs no body is checked first: an unsigned post is refused before a byte of it is read.
        var settings = services.GetRequiredService<IOptions<CommitWatchingSettings>>().Value;
        var secret = settings.WebhookSecret;
        var recognised = WebhookHosts.Recognise(http.Request.Headers);
        if (string.IsNullOrEmpty(secret) || recognised is not { } sent || !sent.Host.IsWellFormed(sent.Header, secret))
        {
            await UnauthorizedAsync(http, logger, string.IsNullOrEmpty(secret) ? "Kit__ImageDeployer__WebhookSecret is not set"
                : recognised is not { } known ? $"no signature header ({string.Join(", ", WebhookHosts.All.Select(h => h.ProofHeader))})" : known.Host.Expected);
            return;
        }

        var (host, proof) = sent;
        var body = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await RequestBody.TooLargeAsync(http, logger, "a webhook", settings.MaxRequestBytes);
            return;
        }

        if (!host.IsValid(proof, secret, body))
        {
            await UnauthorizedAsync(http, logger, $"the {host.ProofHeader} signature does not match");
            return;
        }

        var kind = http.Request.Headers[host.EventHeader].ToString();
        if (kind.Length > 0 && !host.PushEvents.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            await Results.Json(new { ignored = $"{host.Name} event {kind}" }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
            return;
        }

        PushPayload pushed;
        try
        {
            pushed = Read(host, body);
        }
        catch (JsonException e)
        {
            var error = JsonErrors.Describe(e);
            logger.LogWarning("Refused a webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, error);
            await RequestBody.RefuseAsync(http, StatusCodes.Status400BadRequest, error);
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

    static Task UnauthorizedAsync(HttpContext http, ILogger logger, string reason)
    {
        logger.LogWarning("Refused a webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
        http.Response.Headers.Connection = "close";
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>What the payload says was pushed; nothing for a ping or an empty body; a body that is not JSON throws.</summary>
    static PushPayload Read(WebhookHost host, byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return PushPayload.Empty;
        }

        using var json = JsonDocument.Parse(body, JsonErrors.Options);
        return host.Read(json.RootElement);
    }
}
