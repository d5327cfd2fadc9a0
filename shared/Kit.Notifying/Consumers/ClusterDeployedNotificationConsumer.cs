using Kit.Contracts;
using Kit.Notifying;
using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the optional early first-failure message and the ClusterDeployed webhook before the event is acknowledged.</summary>
public sealed class ClusterDeployedNotificationConsumer(DeploymentNotifier notifier) : IConsumer<ClusterDeployed>
{
    public Task Consume(ConsumeContext<ClusterDeployed> context) =>
        notifier.ClusterDeployedAsync(context.Message, context.CancellationToken);
}
