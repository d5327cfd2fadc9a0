using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>
/// Posts a JSON body: on 429 waits Retry-After (capped) and tries again, on a server error or a
/// network failure backs off exponentially, and gives up, logged, after the configured attempts.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<SlackSettings> settings, TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>The named HttpClient every notification uses.</summary>
    public const string HttpClientName = "kit-notifications";

    /// <summary>True when the destination accepted the message.</summary>
    public async Task<bool> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var options = settings.Value;
        var target = NotificationUrls.Redact(notification.Url);
        var http = clients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            TimeSpan delay;
            try
            {
                using var content = new StringContent(notification.Body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(notification.Url, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Sent {Destination} notification for deployment {DeploymentId}", notification.Destination, notification.DeploymentId);
                    return true;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    delay = RetryAfter(response) ?? Backoff(attempt);
                    if (delay > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
                    {
                        delay = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
                    }

                    logger.LogWarning("{Destination} at {Target} is rate limited: retrying in {Seconds:0.#} s", notification.Destination, target, delay.TotalSeconds);
                }
                else if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    delay = Backoff(attempt);
                    logger.LogWarning("{Destination} at {Target} answered {Status} (attempt {Attempt} of {Attempts})", notification.Destination, target, (int)response.StatusCode, attempt, options.MaxAttempts);
                }
                else
                {
                    logger.LogError("{Destination} at {Target} rejected the notification for deployment {DeploymentId} with {Status}: not retried",
                        notification.Destination, target, notification.DeploymentId, (int)response.StatusCode);
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                delay = Backoff(attempt);
                logger.LogWarning("{Destination} at {Target} unreachable (attempt {Attempt} of {Attempts}): {Error}",
                    notification.Destination, target, attempt, options.MaxAttempts, e.GetType().Name);
            }

            if (attempt < options.MaxAttempts)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }

        logger.LogError("Gave up on the {Destination} notification for deployment {DeploymentId} after {Attempts} attempts",
            notification.Destination, notification.DeploymentId, options.MaxAttempts);
        return false;
    }

    TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date - time.GetUtcNow()) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero : null;
    }

    TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(60, settings.Value.RetryBaseSeconds * Math.Pow(2, attempt - 1)));
}
