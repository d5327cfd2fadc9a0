using Kit.Deployer.Consumers;
using Kit.Kubernetes;
using MassTransit;

namespace Kit.Deployer;

/// <summary>The deployer service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class DeployerService
{
    public const string Name = "deployer";

    /// <summary>Settings and services of the deployer.</summary>
    public static IHostApplicationBuilder AddDeployer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeployerSettings>()
            .BindConfiguration(DeployerSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddClusterDeployer();
        return builder;
    }

    /// <summary>The deployer's consumers.</summary>
    public static IBusRegistrationConfigurator AddDeployerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ManifestsRenderedConsumer, ManifestsRenderedConsumerDefinition>();
        return bus;
    }
}
