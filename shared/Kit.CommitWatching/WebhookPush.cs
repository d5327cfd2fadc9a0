using System.Text.Json;
using Kit.Hosting;

namespace Kit.CommitWatching;

/// <summary>
/// A push webhook proved and read the one way every kit webhook does (<c>/hooks/git</c>, <c>/hooks/sources</c>): from
/// any host of <see cref="WebhookHosts"/>, with the shared secret, the header checked before a byte of the body is read.
/// </summary>
public static class WebhookPush
{
    /// <summary>
    /// What the request pushed; null when it was answered already: 401 without a valid proof, 413 too large, 400 not
    /// JSON, 202 another event than a push. A ping or an empty body pushed nothing (<see cref="PushPayload.Empty"/>).
    /// <paramref name="what"/> is what the refusal's log line calls the request (<c>webhook</c>, <c>source webhook</c>).
    /// </summary>
    public static async Task<PushPayload?> ReadAsync(HttpContext http, CommitWatchingSettings settings, ILogger logger, string what)
    {
        var secret = settings.WebhookSecret;
        var recognised = WebhookHosts.Recognise(http.Request.Headers);
        if (string.IsNullOrEmpty(secret) || recognised is not { } sent || !sent.Host.IsWellFormed(sent.Header, secret))
        {
            Unauthorized(http, logger, what, string.IsNullOrEmpty(secret) ? "Kit__ImageDeployer__WebhookSecret is not set"
                : recognised is not { } known ? $"no signature header ({string.Join(", ", WebhookHosts.All.Select(h => h.ProofHeader))})" : known.Host.Expected);
            return null;
        }

        var (host, proof) = sent;
        var body = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await RequestBody.TooLargeAsync(http, logger, "a " + what, settings.MaxRequestBytes);
            return null;
        }

        if (!host.IsValid(proof, secret, body))
        {
            Unauthorized(http, logger, what, $"the {host.ProofHeader} signature does not match");
            return null;
        }

        var kind = http.Request.Headers[host.EventHeader].ToString();
        if (kind.Length > 0 && !host.PushEvents.Contains(kind, StringComparer.OrdinalIgnoreCase))
        {
            await Results.Json(new { ignored = $"{host.Name} event {kind}" }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
            return null;
        }

        try
        {
            return Read(host, body);
        }
        catch (JsonException e)
        {
            var error = JsonErrors.Describe(e);
            logger.LogWarning("Refused a {Webhook} from {Remote}: {Reason}", what, http.Connection.RemoteIpAddress, error);
            await RequestBody.RefuseAsync(http, StatusCodes.Status400BadRequest, error);
            return null;
        }
    }

    static void Unauthorized(HttpContext http, ILogger logger, string what, string reason)
    {
        logger.LogWarning("Refused a {Webhook} from {Remote}: {Reason}", what, http.Connection.RemoteIpAddress, reason);
        http.Response.Headers.Connection = "close";
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
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
