using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kit.Contracts;
using Kit.Git;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageDeployer.Watching;

/// <summary>
/// <c>POST /api/images</c>: <c>ImageBuilt</c> over HTTP, for a CI that cannot reach the broker. The body is
/// the event's JSON (<c>image</c> and <c>branch</c> required); the answer is 202 with the deployment id,
/// after the event is on the bus, so it is handled exactly like one CI published.
/// </summary>
public static class ImagesApi
{
    public const string Path = "/api/images";
    const int MaxBodyBytes = 64 * 1024;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ImagesApi));
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var token = services.GetRequiredService<IOptions<ImageDeployerSettings>>().Value.ApiToken;
        var given = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) || !given.StartsWith("Bearer ", StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given["Bearer ".Length..]), Encoding.UTF8.GetBytes(token)))
        {
            var reason = string.IsNullOrEmpty(token) ? "Kit__ImageDeployer__ApiToken is not set" : given.Length == 0 ? "no Authorization header" : "the bearer token does not match";
            logger.LogWarning("Refused an image from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
            await Problem(http, StatusCodes.Status401Unauthorized, "unauthorized: send Authorization: Bearer <Kit__ImageDeployer__ApiToken>");
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            await Problem(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes / 1024} KiB");
            return;
        }

        ImageRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ImageRequest>(buffer.ToArray(), Json);
        }
        catch (JsonException e)
        {
            await Problem(http, StatusCodes.Status400BadRequest, $"the body is not JSON: {e.Message}");
            return;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Branch))
        {
            await Problem(http, StatusCodes.Status400BadRequest, "give \"image\" and \"branch\"");
            return;
        }

        if (!ImageReference.TryParse(request.Image, out var reference, out var error))
        {
            await Problem(http, StatusCodes.Status400BadRequest, error);
            return;
        }

        var image = new ImageBuilt
        {
            CorrelationId = request.CorrelationId ?? NewId.NextGuid(),
            Image = reference.ToString(),
            Repository = string.IsNullOrWhiteSpace(request.Repository) ? reference.Key : request.Repository,
            Branch = request.Branch,
            SourceCommit = request.SourceCommit,
            CommitterName = request.CommitterName,
            CommitterEmail = request.CommitterEmail,
            Message = request.Message,
            BuiltAt = request.BuiltAt ?? DateTimeOffset.UtcNow,
        };
        await services.GetRequiredService<IPublishEndpoint>().Publish(image, http.RequestAborted);
        logger.LogInformation("Accepted image {Image} for {Repository}/{Branch} over HTTP as deployment {DeploymentId}", image.Image, image.Repository, image.Branch, image.CorrelationId);
        await Results.Json(new { deploymentId = image.CorrelationId, image = image.Image, repository = image.Repository, branch = image.Branch }, statusCode: StatusCodes.Status202Accepted)
            .ExecuteAsync(http);
    }

    static Task Problem(HttpContext http, int status, string error) =>
        Results.Json(new { error }, statusCode: status).ExecuteAsync(http);

    sealed record ImageRequest(
        string? Image,
        string? Branch,
        string? Repository,
        string? SourceCommit,
        string? CommitterName,
        string? CommitterEmail,
        string? Message,
        DateTimeOffset? BuiltAt,
        Guid? CorrelationId);
}
