using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Queues the deployment's one Slack message and its webhook; never waits for either.</summary>
public sealed class DeploymentCompletedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<DeploymentCompleted>
{
    public Task Consume(ConsumeContext<DeploymentCompleted> context)
    {
        notifier.DeploymentCompleted(context.Message);
        return Task.CompletedTask;
    }
}
