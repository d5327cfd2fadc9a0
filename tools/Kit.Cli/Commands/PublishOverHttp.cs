using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kit.Contracts;

namespace Kit.Cli.Commands;

/// <summary>
/// <c>kit publish image-built --url …/api/images --token …</c>: the event posted to the image-deployer's
/// <c>POST /api/images</c> with its bearer token (<c>Kit__ImageDeployer__ApiToken</c>), for a CI that cannot reach the broker.
/// </summary>
public static class PublishOverHttp
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Why the URL must not be used: not http(s), or plain http to another machine without the flag; null when it may.</summary>
    public static string? Problem(string url, bool allowInsecureHttp)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"--url must be an https:// URL of the image-deployer's /api/images, not '{url}'";
        }

        return uri.Scheme == Uri.UriSchemeHttp && !allowInsecureHttp && !uri.IsLoopback
            ? $"--url {uri.GetLeftPart(UriPartial.Path)} is plain http:// and would send the token unencrypted; use https:// or add --allow-insecure-http"
            : null;
    }

    /// <summary>Posts the event and prints its deployment id as the image-deployer accepted it.</summary>
    public static async Task<int> SendAsync(ImageBuilt message, Uri url, string token, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var where = url.GetLeftPart(UriPartial.Path);
        using var client = new HttpClient { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                image = message.Image,
                branch = message.Branch,
                repository = message.Repository,
                sourceCommit = message.SourceCommit,
                committerName = message.CommitterName,
                committerEmail = message.CommitterEmail,
                message = message.Message,
                builtAt = message.BuiltAt,
                correlationId = message.CorrelationId,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : (e.InnerException?.Message ?? e.Message).Split('\n')[0].Trim();
            error.WriteLine($"kit: cannot post the image to {where}: {why}");
            return ExitCodes.Unreachable;
        }

        using (response)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                error.WriteLine($"kit: {where} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorOf(answer)}");
                return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.NotFound ? ExitCodes.Usage : ExitCodes.Failed;
            }

            var id = DeploymentIdOf(answer) ?? message.CorrelationId.ToString();
            output.WriteLine($"published ImageBuilt {message.Image} for {message.Repository}/{message.Branch} to {where}: deployment {id}");
            return ExitCodes.Ok;
        }
    }

    /// <summary>The answer's <c>error</c>, or its first line when it is not kit's JSON (a proxy's page, say).</summary>
    static string ErrorOf(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
            // Not kit's answer: its first line says enough.
        }

        var line = answer.Split('\n')[0].Trim();
        return line.Length == 0 ? "no details" : line.Length > 200 ? line[..200] + "…" : line;
    }

    static string? DeploymentIdOf(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.TryGetProperty("deploymentId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
