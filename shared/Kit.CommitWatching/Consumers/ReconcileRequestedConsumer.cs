using Kit.Contracts;
using MassTransit;

namespace Kit.CommitWatching.Consumers;

/// <summary>Answers a deployer's request with the branch's tip, announced for the clusters it names (<see cref="CommitCause.Reconcile"/>).</summary>
public sealed class ReconcileRequestedConsumer(RepositoryWatcher watcher, ILogger<ReconcileRequestedConsumer> logger) : IConsumer<ReconcileRequested>
{
    public async Task Consume(ConsumeContext<ReconcileRequested> context)
    {
        var request = context.Message;
        var announced = await watcher.ReconcileAsync(request.Clusters, context.CancellationToken);
        logger.LogInformation("Reconcile {Request} ({Reason}, {Clusters}) answered with commit {Commit} as deployment {DeploymentId}",
            request.CorrelationId, request.Reason, request.Clusters.Count == 0 ? "every cluster" : string.Join(", ", request.Clusters),
            announced.CommitSha[..12], announced.CorrelationId);
    }
}
