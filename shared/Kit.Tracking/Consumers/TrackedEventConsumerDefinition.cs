using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Bounded concurrency for each tracker consumer: every message is a few small database round trips.</summary>
public sealed class TrackedEventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public TrackedEventConsumerDefinition() => ConcurrentMessageLimit = 16;
}
