using System.Net;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Kit.Notifying;

/// <summary>
/// Posts a JSON body through the named client, whose resilience handler (<see cref="AddRetries"/>) on 429
/// waits Retry-After (capped) and tries again, on a server error or a network failure backs off
/// exponentially, and gives up after the configured attempts; the outcome is logged here.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<SlackSettings> settings, ILogger<WebhookSender> logger)
{
    /// <summary>The named HttpClient every notification uses.</summary>
    public const string HttpClientName = "kit-notifications";

    static readonly HttpRequestOptionsKey<string> Destination = new("kit-destination");

    /// <summary>True when the destination accepted the message; false (logged) when it refused it or every attempt failed.</summary>
    public async Task<bool> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var attempts = settings.Value.MaxAttempts;
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Url)
        {
            Content = new StringContent(notification.Body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in notification.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(Destination, notification.Destination);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Sent {Destination} notification for deployment {DeploymentId}", notification.Destination, notification.DeploymentId);
                return true;
            }

            // The predicate only reads the status code; the overload taking a token is experimental (EXTEXP0001).
#pragma warning disable CA2016
            if (!HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response)))
#pragma warning restore CA2016
            {
                logger.LogError("{Destination} at {Target} rejected the notification for deployment {DeploymentId} with {Status}: not retried",
                    notification.Destination, NotificationUrls.Redact(notification.Url), notification.DeploymentId, (int)response.StatusCode);
                return false;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The last attempt failed like the others; logged below.
        }

        logger.LogError("Gave up on the {Destination} notification for deployment {DeploymentId} after {Attempts} attempts",
            notification.Destination, notification.DeploymentId, attempts);
        return false;
    }

    /// <summary>
    /// The notification client's retries (Microsoft.Extensions.Http.Resilience): <c>Kit:Slack:MaxAttempts</c> attempts, each
    /// limited to <c>Kit:Slack:TimeoutSeconds</c>, retried on 408, 429, 5xx, network errors and timeouts.
    /// </summary>
    public static IHttpClientBuilder AddRetries(IHttpClientBuilder client)
    {
        client.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan); // Each attempt has its own timeout below.
        client.AddResilienceHandler("retries", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SlackSettings>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILogger<WebhookSender>>();
            if (options.MaxAttempts > 1)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxAttempts - 1,
                    ShouldRetryAfterHeader = false, // Capped by DelayGenerator instead.
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome.Result, args.AttemptNumber, options, time)),
                    OnRetry = args =>
                    {
                        LogRetry(logger, args.Context.GetRequestMessage(), args.Outcome, args.AttemptNumber + 1, args.RetryDelay, options.MaxAttempts);
                        return ValueTask.CompletedTask;
                    },
                });
            }

            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        });
        return client;
    }

    /// <summary>Retry-After on 429 (cut to <c>MaxRetryAfterSeconds</c>), otherwise <c>RetryBaseSeconds</c> doubled per attempt, at most a minute.</summary>
    static TimeSpan Delay(HttpResponseMessage? response, int attemptNumber, SlackSettings options, TimeProvider time)
    {
        var backoff = TimeSpan.FromSeconds(Math.Min(60, options.RetryBaseSeconds * Math.Pow(2, attemptNumber)));
        if (response?.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return backoff;
        }

        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : backoff);
        return TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, TimeSpan.FromSeconds(options.MaxRetryAfterSeconds).Ticks));
    }

    static void LogRetry(ILogger logger, HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan delay, int attempts)
    {
        var destination = request?.Options.TryGetValue(Destination, out var name) == true ? name : "notification";
        var target = request?.RequestUri is { } url ? NotificationUrls.Redact(url) : "?";
        if (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
        {
            logger.LogWarning("{Destination} at {Target} is rate limited: retrying in {Seconds:0.#} s", destination, target, delay.TotalSeconds);
        }
        else if (outcome.Result is { } response)
        {
            logger.LogWarning("{Destination} at {Target} answered {Status} (attempt {Attempt} of {Attempts})", destination, target, (int)response.StatusCode, attempt, attempts);
        }
        else
        {
            logger.LogWarning("{Destination} at {Target} unreachable (attempt {Attempt} of {Attempts}): {Error}",
                destination, target, attempt, attempts, outcome.Exception?.GetType().Name);
        }
    }
}
