using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Queues the optional early first-failure message and the ClusterDeployed webhook.</summary>
public sealed class ClusterDeployedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<ClusterDeployed>
{
    public Task Consume(ConsumeContext<ClusterDeployed> context)
    {
        notifier.ClusterDeployed(context.Message);
        return Task.CompletedTask;
    }
}
