using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the RenderFailed webhook, when one is configured, before the event is acknowledged.</summary>
public sealed class RenderFailedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<RenderFailed>
{
    public Task Consume(ConsumeContext<RenderFailed> context) =>
        notifier.WebhookAsync(nameof(RenderFailed), context.Message.CorrelationId, context.Message, null, context.CancellationToken);
}
