using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the ImageUpdateFailed webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class ImageUpdateFailedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<ImageUpdateFailed>
{
    public Task Consume(ConsumeContext<ImageUpdateFailed> context) =>
        notifier.WebhookAsync(nameof(ImageUpdateFailed), context.Message.CorrelationId, context.Message, null, context.CancellationToken);
}
