using Kit.Contracts;
using Kit.Tracking;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Records a DeploymentPlanned and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class DeploymentPlannedConsumer(DeploymentTracker tracker) : IConsumer<DeploymentPlanned>
{
    public async Task Consume(ConsumeContext<DeploymentPlanned> context)
    {
        var completed = await tracker.PlannedAsync(context.Message, context.CancellationToken);
        await context.PublishCompletionAsync(tracker, completed);
    }
}
