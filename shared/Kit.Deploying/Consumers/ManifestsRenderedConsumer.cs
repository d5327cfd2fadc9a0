using Kit.Contracts;
using Kit.Deploying.Reconciling;
using MassTransit;

namespace Kit.Deploying.Consumers;

/// <summary>
/// Deploys one cluster's manifests and publishes how it ended, and the drift the live check found, if any;
/// a cluster's failure is an outcome, not a fault. The set becomes the cluster's desired state, which the
/// periodic reconcile keeps the cluster at.
/// </summary>
public sealed class ManifestsRenderedConsumer(ClusterDeployer deployer, DesiredStates desired) : IConsumer<ManifestsRendered>
{
    public async Task Consume(ConsumeContext<ManifestsRendered> context)
    {
        var result = await deployer.DeployCheckedAsync(context.Message, null, context.CancellationToken);
        if (!result.Stale)
        {
            desired.Remember(context.Message);
        }

        if (result.Drift is not null)
        {
            await context.Publish(result.Drift, context.CancellationToken);
        }

        await context.Publish(result.Deployed, context.CancellationToken);
    }
}
