using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Queues the RenderFailed webhook, when one is configured.</summary>
public sealed class RenderFailedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<RenderFailed>
{
    public Task Consume(ConsumeContext<RenderFailed> context)
    {
        notifier.Webhook(nameof(RenderFailed), context.Message.CorrelationId, context.Message, null);
        return Task.CompletedTask;
    }
}
