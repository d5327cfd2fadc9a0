using MassTransit;

namespace Kit.CommitWatching.Consumers;

/// <summary>Requests wait together for one announcement (<see cref="RepositoryWatcher.ReconcileWindow"/>), so several are taken at once.</summary>
public sealed class ReconcileRequestedConsumerDefinition : ConsumerDefinition<ReconcileRequestedConsumer>
{
    public ReconcileRequestedConsumerDefinition() => ConcurrentMessageLimit = 16;
}
