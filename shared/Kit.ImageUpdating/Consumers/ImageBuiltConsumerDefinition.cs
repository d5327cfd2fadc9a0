using MassTransit;

namespace Kit.ImageUpdating.Consumers;

/// <summary>Many images in flight at once, so that the pending ones share a commit; the loop behind serialises git.</summary>
public sealed class ImageBuiltConsumerDefinition : ConsumerDefinition<ImageBuiltConsumer>
{
    public const int ConcurrentImages = 64;

    public ImageBuiltConsumerDefinition() => ConcurrentMessageLimit = ConcurrentImages;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ImageBuiltConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = ConcurrentImages;
    }
}
