using MassTransit;

namespace Kit.Deploymentizer;

/// <summary>The deploymentizer service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class DeploymentizerService
{
    public const string Name = "deploymentizer";

    /// <summary>Settings and services of the deploymentizer.</summary>
    public static IHostApplicationBuilder AddDeploymentizer(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    /// <summary>The deploymentizer's consumers.</summary>
    public static IBusRegistrationConfigurator AddDeploymentizerConsumers(this IBusRegistrationConfigurator bus)
    {
        return bus;
    }
}
