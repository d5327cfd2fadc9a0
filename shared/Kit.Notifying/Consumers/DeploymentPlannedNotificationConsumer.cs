using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Queues the DeploymentPlanned webhook, when one is configured.</summary>
public sealed class DeploymentPlannedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<DeploymentPlanned>
{
    public Task Consume(ConsumeContext<DeploymentPlanned> context)
    {
        notifier.Webhook(nameof(DeploymentPlanned), context.Message.CorrelationId, context.Message, null);
        return Task.CompletedTask;
    }
}
