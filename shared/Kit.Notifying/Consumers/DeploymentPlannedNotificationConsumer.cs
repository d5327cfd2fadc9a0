using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the DeploymentPlanned webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class DeploymentPlannedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<DeploymentPlanned>((message, ct) => notifier.WebhookAsync(nameof(DeploymentPlanned), message.CorrelationId, message, null, ct));
