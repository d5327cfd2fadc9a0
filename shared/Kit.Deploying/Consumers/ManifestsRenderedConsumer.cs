using Kit.Contracts;
using MassTransit;

namespace Kit.Deploying.Consumers;

/// <summary>Deploys one cluster's manifests and publishes how it ended; a cluster's failure is an outcome, not a fault.</summary>
public sealed class ManifestsRenderedConsumer(ClusterDeployer deployer) : IConsumer<ManifestsRendered>
{
    public async Task Consume(ConsumeContext<ManifestsRendered> context)
    {
        var result = await deployer.DeployAsync(context.Message, null, context.CancellationToken);
        await context.Publish(result, context.CancellationToken);
    }
}
