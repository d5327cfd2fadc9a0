using Kit.Contracts;
using Kit.Tracking;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Records a ImageUpdateFailed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class ImageUpdateFailedConsumer(DeploymentTracker tracker) : IConsumer<ImageUpdateFailed>
{
    public async Task Consume(ConsumeContext<ImageUpdateFailed> context)
    {
        var completed = await tracker.ImageUpdateFailedAsync(context.Message, context.CancellationToken);
        await context.PublishCompletionAsync(tracker, completed);
    }
}
