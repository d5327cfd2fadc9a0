using Kit.Deploying.Consumers;
using Kit.Hosting;
using MassTransit;

namespace Kit.Deploying;

/// <summary>Deploying's registrations (<c>ManifestsRendered</c> → a cluster applied, <c>ClusterDeployed</c>), for the deployer host, <c>kit up</c> and the tests.</summary>
public static class DeployingRegistration
{
    public const string ServiceName = "deployer";

    /// <summary>Settings and services of the deployer.</summary>
    public static IHostApplicationBuilder AddDeploying(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<DeployerSettings>(DeployerSettings.Section);
        builder.Services.AddClusterDeployer();
        return builder;
    }

    /// <summary>The deployer's consumers.</summary>
    public static IBusRegistrationConfigurator AddDeployingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ManifestsRenderedConsumer, ManifestsRenderedConsumerDefinition>();
        return bus;
    }
}
