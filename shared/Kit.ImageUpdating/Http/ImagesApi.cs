using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kit.Git;
using Kit.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageUpdating.Http;

/// <summary>
/// <c>POST /api/images</c>: <c>ImageBuilt</c> over HTTP, for a CI that cannot reach the broker. The body is
/// the event's JSON (<c>image</c> and <c>branch</c> required); the answer is 202 with the deployment id,
/// after the event is on the bus, so it is handled exactly like one CI published.
/// </summary>
public static class ImagesApi
{
    public const string Path = "/api/images";

    public static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ImagesApi));
        // The token is a header: it is checked before a byte of the body is read.
        var settings = services.GetRequiredService<IOptions<ImageDeployerSettings>>().Value;
        var token = settings.ApiToken;
        var given = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) || !given.StartsWith("Bearer ", StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given["Bearer ".Length..]), Encoding.UTF8.GetBytes(token)))
        {
            var reason = string.IsNullOrEmpty(token) ? "Kit__ImageDeployer__ApiToken is not set" : given.Length == 0 ? "no Authorization header" : "the bearer token does not match";
            logger.LogWarning("Refused an image from {Remote}: {Reason}", http.Connection.RemoteIpAddress, reason);
            await RequestBody.RefuseAsync(http, StatusCodes.Status401Unauthorized, "unauthorized: send Authorization: Bearer <Kit__ImageDeployer__ApiToken>");
            return;
        }

        var body = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBytes, http.RequestAborted);
        if (body is null)
        {
            await RequestBody.TooLargeAsync(http, logger, "an image", settings.MaxRequestBytes);
            return;
        }

        ImageRequest request;
        try
        {
            request = ImageRequest.Parse(body);
        }
        catch (JsonException e)
        {
            await BadRequestAsync(http, logger, JsonErrors.Describe(e));
            return;
        }
        catch (FormatException e)
        {
            await BadRequestAsync(http, logger, e.Message);
            return;
        }

        if (!ImageReference.TryParse(request.Image, out var reference, out var error))
        {
            await BadRequestAsync(http, logger, $"field 'image': {error}");
            return;
        }

        var image = ImageAnnouncement.For(
            reference, request.Repository, request.Branch, request.CorrelationId ?? NewId.NextGuid(), request.BuiltAt ?? DateTimeOffset.UtcNow,
            request.SourceCommit, request.CommitterName, request.CommitterEmail, request.Message, request.Source);
        await services.GetRequiredService<IPublishEndpoint>().Publish(image, http.RequestAborted);
        logger.LogInformation("Accepted image {Image} for {Repository}/{Branch} over HTTP as deployment {DeploymentId}", image.Image, image.Repository, image.Branch, image.CorrelationId);
        await Results.Json(new { deploymentId = image.CorrelationId, image = image.Image, repository = image.Repository, branch = image.Branch }, statusCode: StatusCodes.Status202Accepted)
            .ExecuteAsync(http);
    }

    static Task BadRequestAsync(HttpContext http, ILogger logger, string error)
    {
        logger.LogWarning("Refused an image from {Remote}: {Reason}", http.Connection.RemoteIpAddress, error);
        return Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
    }
}
