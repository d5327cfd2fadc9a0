using Kit.Contracts;
using Kit.Deploying.Reconciling;
using MassTransit;

namespace Kit.Deploying.Consumers;

/// <summary>
/// Deploys one cluster's manifests and publishes how it ended; a cluster's failure is an outcome, not a fault.
/// The set becomes the cluster's desired state, which the periodic reconcile keeps the cluster at.
/// </summary>
public sealed class ManifestsRenderedConsumer(ClusterDeployer deployer, DesiredStates desired) : IConsumer<ManifestsRendered>
{
    public async Task Consume(ConsumeContext<ManifestsRendered> context)
    {
        var result = await deployer.DeployAsync(context.Message, null, context.CancellationToken);
        if (!(result.Outcome == DeploymentOutcome.Skipped && result.SkipReason == "stale"))
        {
            desired.Remember(context.Message);
        }

        await context.Publish(result, context.CancellationToken);
    }
}
