using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.Deploying.Consumers;

/// <summary>
/// Clusters deployed at once by this instance (<c>Kit:Deployer:Concurrency</c>). The deployer reports a
/// cluster's failure itself, so the bus retries only what never reached a cluster (e.g. publishing).
/// </summary>
public sealed class ManifestsRenderedConsumerDefinition : ConsumerDefinition<ManifestsRenderedConsumer>
{
    readonly int concurrency;

    public ManifestsRenderedConsumerDefinition(IOptions<DeployerSettings> settings)
    {
        concurrency = settings.Value.Concurrency;
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ManifestsRenderedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, concurrency * 2);
    }
}
