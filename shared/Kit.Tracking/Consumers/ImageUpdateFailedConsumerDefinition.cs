using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Bounded concurrency: every message is a few small database round trips.</summary>
public sealed class ImageUpdateFailedConsumerDefinition : ConsumerDefinition<ImageUpdateFailedConsumer>
{
    public ImageUpdateFailedConsumerDefinition() => ConcurrentMessageLimit = 16;
}
