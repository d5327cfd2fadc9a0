using Kit.Contracts;
using Kit.Tracking;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Records a ClusterDeployed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class ClusterDeployedConsumer(DeploymentTracker tracker) : IConsumer<ClusterDeployed>
{
    public async Task Consume(ConsumeContext<ClusterDeployed> context)
    {
        var completed = await tracker.ClusterDeployedAsync(context.Message, context.CancellationToken);
        await context.PublishCompletionAsync(tracker, completed);
    }
}
