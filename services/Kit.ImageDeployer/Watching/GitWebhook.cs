using System.Text.Json;
using Kit.Contracts;
using Kit.Git;
using Microsoft.Extensions.Options;

namespace Kit.ImageDeployer.Watching;

/// <summary><c>POST /hooks/git</c>: a GitHub-style push webhook, signed with <c>X-Hub-Signature-256</c>, that checks the branch now.</summary>
public static class GitWebhook
{
    public const string Path = "/hooks/git";
    const int MaxBodyBytes = 4 * 1024 * 1024;

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitWebhook));
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var body = buffer.ToArray();
        var secret = services.GetRequiredService<IOptions<ImageDeployerSettings>>().Value.WebhookSecret;
        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        if (!WebhookSignature.IsValid(secret, body, signature))
        {
            var reason = string.IsNullOrEmpty(secret) ? "Kit__ImageDeployer__WebhookSecret is not set"
                : signature.Length == 0 ? "the X-Hub-Signature-256 header is missing" : "the signature does not match";
            logger.LogWarning("Refused a webhook from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var branch = services.GetRequiredService<IOptions<RepositorySettings>>().Value.Branch;
        var pushed = PushedRef(body);
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

    /// <summary>The payload's <c>ref</c> (a push event), or null (a ping, or no JSON).</summary>
    static string? PushedRef(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("ref", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
