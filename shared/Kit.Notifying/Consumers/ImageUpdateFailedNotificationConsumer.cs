using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the ImageUpdateFailed webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class ImageUpdateFailedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<ImageUpdateFailed>((message, ct) => notifier.WebhookAsync(nameof(ImageUpdateFailed), message.CorrelationId, message, null, ct));
