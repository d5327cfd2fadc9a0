using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Contracts;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>
/// Decides what to send for each event and sends it before the event is acknowledged: Slack gets one message
/// per completed deployment (and, when enabled, one at the first failing cluster) and one per drift episode; Teams one per
/// completed deployment and one per drift episode; a generic webhook gets every event of the types it is configured for;
/// the commits get their statuses (<see cref="CommitStatusReporter"/>). The tasks end once each destination accepted its message or
/// definitively failed (logged); a killed process leaves the event unacknowledged, so the broker redelivers it.
/// </summary>
public sealed class DeploymentNotifier(
    WebhookSender sender,
    SlackPacing pacing,
    SlackMessages slack,
    TeamsMessages teams,
    CommitStatusReporter statuses,
    SecretRedactor redactor,
    IOptions<SlackSettings> slackSettings,
    IOptions<TeamsSettings> teamsSettings,
    IOptions<WebhookSettings> webhookSettings,
    TimeProvider time,
    ILogger<DeploymentNotifier> logger)
{
    public const string SlackDestination = "slack";
    public const string TeamsDestination = "teams";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    readonly RecentIds completed = new();
    readonly RecentIds teamsCompleted = new();
    readonly RecentIds firstFailures = new();
    readonly RecentIds completedHooks = new();
    readonly RecentIds driftEpisodes = new();

    /// <summary>The webhook, the Slack and Teams messages and the commit statuses side by side, so a failing one delays none of the others.</summary>
    public Task DeploymentCompletedAsync(DeploymentCompleted message, CancellationToken cancellationToken)
    {
        if (NothingChanged(message))
        {
            logger.LogInformation("Deployment {DeploymentId} ({Cause}) found every cluster unchanged: no notification", message.CorrelationId, message.Cause);
            return Task.CompletedTask;
        }

        return Task.WhenAll(
            WebhookAsync(nameof(Kit.Contracts.DeploymentCompleted), message.CorrelationId, message, completedHooks, cancellationToken),
            ChannelsCompletedAsync(message, cancellationToken),
            statuses.DeploymentCompletedAsync(message, cancellationToken));
    }

    /// <summary>The DeploymentPlanned webhook and the deployments commit's pending status, side by side.</summary>
    public Task DeploymentPlannedAsync(DeploymentPlanned message, CancellationToken cancellationToken) =>
        Task.WhenAll(
            WebhookAsync(nameof(DeploymentPlanned), message.CorrelationId, message, null, cancellationToken),
            statuses.DeploymentPlannedAsync(message, cancellationToken));

    /// <summary>
    /// One message per drift episode (cluster and signature), never per check: a repeated DriftDetected of an episode
    /// this process has sent sends nothing. The episodes are remembered in memory (the last 10,000), so a restarted
    /// notifier tells an ongoing episode once more.
    /// </summary>
    public async Task DriftDetectedAsync(DriftDetected message, CancellationToken cancellationToken)
    {
        var episode = DriftEpisode(message);
        if (!driftEpisodes.TryAdd(episode))
        {
            logger.LogDebug("Drift {Signature} of cluster {Cluster} was notified already", message.Signature, message.Cluster);
            return;
        }

        try
        {
            await Task.WhenAll(
                WebhookAsync(nameof(DriftDetected), message.CorrelationId, message, null, cancellationToken),
                SlackUrl() is { } url ? SendOnceAsync(new Notification(SlackDestination, url, slack.Drift(message), message.CorrelationId), null, cancellationToken) : Task.CompletedTask,
                TeamsUrl() is { } teamsUrl ? SendOnceAsync(new Notification(TeamsDestination, teamsUrl, teams.Drift(message), message.CorrelationId), null, cancellationToken) : Task.CompletedTask);
        }
        catch
        {
            driftEpisodes.Forget(episode);
            throw;
        }
    }

    /// <summary>
    /// A start-up or reconcile pass in which every cluster was skipped as unchanged: the reconciler confirming
    /// that nothing changed, which is not news.
    /// </summary>
    static bool NothingChanged(DeploymentCompleted message) =>
        message.Cause is CommitCause.Startup or CommitCause.Reconcile && message.Error is null && message.Unchanged == message.Total;

    static Guid DriftEpisode(DriftDetected message) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{message.Cluster}\n{message.Signature}")).AsSpan(0, 16));

    public Task ClusterDeployedAsync(ClusterDeployed message, CancellationToken cancellationToken)
    {
        var webhook = WebhookAsync(nameof(Kit.Contracts.ClusterDeployed), message.CorrelationId, message, null, cancellationToken);
        var failed = message.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.RolledBack && !message.AllowFailure;
        return failed && slackSettings.Value.NotifyFirstFailure && SlackUrl() is { } url
            ? Task.WhenAll(webhook, SendOnceAsync(new Notification(SlackDestination, url, slack.FirstFailure(message), message.CorrelationId), firstFailures, cancellationToken))
            : webhook;
    }

    /// <summary>Sends the event to the generic webhook of its type, when one is configured.</summary>
    public Task WebhookAsync<T>(string eventName, Guid deploymentId, T message, RecentIds? once, CancellationToken cancellationToken)
    {
        if (webhookSettings.Value.UrlFor(eventName) is not { } url)
        {
            return Task.CompletedTask;
        }

        var body = JsonSerializer.Serialize(new { @event = eventName, deploymentId, sentAt = time.GetUtcNow(), data = message }, Json);
        return SendOnceAsync(new Notification($"webhook:{eventName}", url, redactor.Redact(body), deploymentId), once, cancellationToken);
    }

    /// <summary>The deployment's one Slack message and one Teams message, when configured; none for a deployment that deployed nothing.</summary>
    Task ChannelsCompletedAsync(DeploymentCompleted message, CancellationToken cancellationToken)
    {
        var (slackUrl, teamsUrl) = (SlackUrl(), TeamsUrl());
        if (slackUrl is null && teamsUrl is null)
        {
            return Task.CompletedTask;
        }

        if (message.Total == 0 && message.Error is null)
        {
            logger.LogInformation("Deployment {DeploymentId} deployed nothing: no Slack or Teams message", message.CorrelationId);
            return Task.CompletedTask;
        }

        return Task.WhenAll(
            slackUrl is null ? Task.CompletedTask : SendOnceAsync(new Notification(SlackDestination, slackUrl, slack.Completed(message), message.CorrelationId), completed, cancellationToken),
            teamsUrl is null ? Task.CompletedTask : SendOnceAsync(new Notification(TeamsDestination, teamsUrl, teams.Completed(message), message.CorrelationId), teamsCompleted, cancellationToken));
    }

    /// <summary>
    /// Sends unless <paramref name="once"/> has seen the deployment in this process (a redelivery); an interrupted
    /// send (cancelled, or an unexpected error) is forgotten there, so that the redelivered event sends it again.
    /// </summary>
    async Task SendOnceAsync(Notification notification, RecentIds? once, CancellationToken cancellationToken)
    {
        if (once is not null && !once.TryAdd(notification.DeploymentId))
        {
            return;
        }

        try
        {
            // Teams' incoming webhooks are limited too (a few messages a second): one URL's messages are paced like Slack's.
            await (notification.Destination is SlackDestination or TeamsDestination
                ? pacing.RunAsync(notification.Url, () => sender.SendAsync(notification, cancellationToken), cancellationToken)
                : sender.SendAsync(notification, cancellationToken));
        }
        catch
        {
            once?.Forget(notification.DeploymentId);
            throw;
        }
    }

    Uri? TeamsUrl() => string.IsNullOrWhiteSpace(teamsSettings.Value.WebhookUrl) ? null : new Uri(teamsSettings.Value.WebhookUrl);

    Uri? SlackUrl() => string.IsNullOrWhiteSpace(slackSettings.Value.WebhookUrl) ? null : new Uri(slackSettings.Value.WebhookUrl);
}
