using Kit.Deploying.Consumers;
using Kit.Deploying.Reconciling;
using Kit.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReconcilePass>();
        builder.Services.AddHostedService<Reconciler>();
        return builder;
    }

    /// <summary>The deployer's consumers.</summary>
    public static IBusRegistrationConfigurator AddDeployingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ManifestsRenderedConsumer, ManifestsRenderedConsumerDefinition>();
        return bus;
    }
}
