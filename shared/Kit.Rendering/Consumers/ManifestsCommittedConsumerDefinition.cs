using MassTransit;

namespace Kit.Rendering.Consumers;

/// <summary>A render already uses every core, so few run at once; retry and redelivery come from AddKitBus.</summary>
public sealed class ManifestsCommittedConsumerDefinition : ConsumerDefinition<ManifestsCommittedConsumer>
{
    public ManifestsCommittedConsumerDefinition() => ConcurrentMessageLimit = 2;
}
