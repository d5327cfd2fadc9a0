using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the RenderFailed webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class RenderFailedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<RenderFailed>((message, ct) => notifier.WebhookAsync(nameof(RenderFailed), message.CorrelationId, message, null, ct));
