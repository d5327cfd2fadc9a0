using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the deployment's one Slack message and its webhook; the event is acknowledged once both are delivered or given up.</summary>
public sealed class DeploymentCompletedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<DeploymentCompleted>
{
    public Task Consume(ConsumeContext<DeploymentCompleted> context) =>
        notifier.DeploymentCompletedAsync(context.Message, context.CancellationToken);
}
