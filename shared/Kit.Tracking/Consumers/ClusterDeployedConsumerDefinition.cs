using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>
/// Batches of up to 100 reports, delivered at the latest 100 ms after a batch's first report, two batches at a time
/// (the endpoint's prefetch and concurrency follow from these).
/// </summary>
public sealed class ClusterDeployedConsumerDefinition : ConsumerDefinition<ClusterDeployedConsumer>
{
    const int BatchSize = 100;

    static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(100);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ClusterDeployedConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(BatchWait).SetConcurrencyLimit(2));
}
