using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>
/// Decides what to send for each event: Slack gets one message per completed deployment (and,
/// when enabled, one at the first failing cluster); a generic webhook gets every event of the types
/// it is configured for. Everything is queued, never sent on the caller's thread.
/// </summary>
public sealed class DeploymentNotifier(
    NotificationDispatcher dispatcher,
    SlackMessages slack,
    SecretRedactor redactor,
    IOptions<SlackSettings> slackSettings,
    IOptions<WebhookSettings> webhookSettings,
    TimeProvider time,
    ILogger<DeploymentNotifier> logger)
{
    public const string SlackDestination = "slack";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    readonly RecentIds completed = new();
    readonly RecentIds firstFailures = new();
    readonly RecentIds completedHooks = new();

    public void DeploymentCompleted(DeploymentCompleted message)
    {
        Webhook(nameof(Kit.Contracts.DeploymentCompleted), message.CorrelationId, message, completedHooks);
        if (SlackUrl() is not { } url || !completed.TryAdd(message.CorrelationId))
        {
            return;
        }

        if (message.Total == 0 && message.Error is null)
        {
            logger.LogInformation("Deployment {DeploymentId} deployed nothing: no Slack message", message.CorrelationId);
            return;
        }

        dispatcher.Enqueue(new Notification(SlackDestination, url, slack.Completed(message), message.CorrelationId));
    }

    public void ClusterDeployed(ClusterDeployed message)
    {
        Webhook(nameof(Kit.Contracts.ClusterDeployed), message.CorrelationId, message, null);
        var failed = message.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.RolledBack && !message.AllowFailure;
        if (failed && slackSettings.Value.NotifyFirstFailure && SlackUrl() is { } url && firstFailures.TryAdd(message.CorrelationId))
        {
            dispatcher.Enqueue(new Notification(SlackDestination, url, slack.FirstFailure(message), message.CorrelationId));
        }
    }

    /// <summary>Sends the event to the generic webhook of its type, when one is configured.</summary>
    public void Webhook<T>(string eventName, Guid deploymentId, T message, RecentIds? once)
    {
        if (webhookSettings.Value.UrlFor(eventName) is not { } url || (once is not null && !once.TryAdd(deploymentId)))
        {
            return;
        }

        var body = JsonSerializer.Serialize(new { @event = eventName, deploymentId, sentAt = time.GetUtcNow(), data = message }, Json);
        dispatcher.Enqueue(new Notification($"webhook:{eventName}", url, redactor.Redact(body), deploymentId));
    }

    Uri? SlackUrl() => string.IsNullOrWhiteSpace(slackSettings.Value.WebhookUrl) ? null : new Uri(slackSettings.Value.WebhookUrl);
}
