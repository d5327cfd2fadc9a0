using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the DeploymentPlanned webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class DeploymentPlannedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<DeploymentPlanned>
{
    public Task Consume(ConsumeContext<DeploymentPlanned> context) =>
        notifier.WebhookAsync(nameof(DeploymentPlanned), context.Message.CorrelationId, context.Message, null, context.CancellationToken);
}
