using Kit.Contracts;
using Kit.Tracking;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Records a RenderFailed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class RenderFailedConsumer(DeploymentTracker tracker) : IConsumer<RenderFailed>
{
    public async Task Consume(ConsumeContext<RenderFailed> context)
    {
        var completed = await tracker.RenderFailedAsync(context.Message, context.CancellationToken);
        await context.PublishCompletionAsync(tracker, completed);
    }
}
