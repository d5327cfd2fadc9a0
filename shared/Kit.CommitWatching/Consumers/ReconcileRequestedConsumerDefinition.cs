using MassTransit;

namespace Kit.CommitWatching.Consumers;

/// <summary>Requests wait together for one announcement (<see cref="RepositoryWatcher.ReconcileWindow"/>), so several are taken at once.</summary>
public sealed class ReconcileRequestedConsumerDefinition : ConsumerDefinition<ReconcileRequestedConsumer>
{
    const int ConcurrentRequests = 16;

    public ReconcileRequestedConsumerDefinition() => ConcurrentMessageLimit = ConcurrentRequests;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReconcileRequestedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = ConcurrentRequests;
    }
}
