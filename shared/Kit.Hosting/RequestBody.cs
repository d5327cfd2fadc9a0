using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kit.Hosting;

/// <summary>
/// The bodies of <c>/hooks/git</c> and <c>/api/images</c>: read only after the caller's cheap checks, never past
/// the host's <c>MaxRequestBytes</c> setting, and refusals that leave the rest of a body unread.
/// </summary>
public static class RequestBody
{
    const int FirstBuffer = 16 * 1024;

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> bytes: then no more than one byte past the limit was read.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new byte[(int)Math.Min(limit + 1L, (request.ContentLength ?? FirstBuffer) + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1L));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer.AsSpan(0, length).ToArray();
            }

            length += read;
        }
    }

    /// <summary>
    /// Answers <paramref name="status"/> with <c>{"error": …}</c> and closes the connection after it, so the server
    /// does not go on reading (and discarding) a body nobody wants.
    /// </summary>
    public static Task RefuseAsync(HttpContext http, int status, string error)
    {
        http.Response.Headers.Connection = "close";
        return Results.Json(new { error }, statusCode: status).ExecuteAsync(http);
    }

    /// <summary>The 413 answer: the limit and the setting that raises it, in the answer and in one warning.</summary>
    public static Task TooLargeAsync(HttpContext http, ILogger logger, string what, int limit)
    {
        logger.LogWarning("Refused {What} from {Remote}: the body is larger than {Limit} bytes (Kit__ImageDeployer__MaxRequestBytes)", what, http.Connection.RemoteIpAddress, limit);
        return RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {limit} bytes (Kit__ImageDeployer__MaxRequestBytes)");
    }
}
