using Kit.Contracts;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>
/// Records one event of a deployment with <paramref name="record"/> and publishes <c>DeploymentCompleted</c> when it
/// completes the deployment. Each event has its own sealed subclass, so its queue keeps the subclass's name.
/// </summary>
public abstract class TrackedEventConsumer<TEvent>(DeploymentTracker tracker, Func<TEvent, CancellationToken, Task<DeploymentCompleted?>> record)
    : IConsumer<TEvent>
    where TEvent : class
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var completed = await record(context.Message, context.CancellationToken);
        await context.PublishCompletionAsync(tracker, completed);
    }
}
