using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Queues the ImageUpdateFailed webhook, when one is configured.</summary>
public sealed class ImageUpdateFailedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<ImageUpdateFailed>
{
    public Task Consume(ConsumeContext<ImageUpdateFailed> context)
    {
        notifier.Webhook(nameof(ImageUpdateFailed), context.Message.CorrelationId, context.Message, null);
        return Task.CompletedTask;
    }
}
