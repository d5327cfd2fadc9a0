using Kit.Contracts;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>
/// Records clusters' ClusterDeployed reports in batches (one database write for a batch) and publishes
/// DeploymentCompleted for each deployment a batch completes. A fleet's reports come in bursts; one write per
/// report made the tracker the busiest part of <c>kit up</c> while a thousand clusters reported.
/// </summary>
public sealed class ClusterDeployedConsumer(DeploymentTracker tracker) : IConsumer<Batch<ClusterDeployed>>
{
    public async Task Consume(ConsumeContext<Batch<ClusterDeployed>> context)
    {
        var completions = await tracker.ClusterDeployedAsync(context.Message.Select(m => m.Message).ToList(), context.CancellationToken);
        foreach (var completed in completions)
        {
            await context.PublishCompletionAsync(tracker, completed);
        }
    }
}
