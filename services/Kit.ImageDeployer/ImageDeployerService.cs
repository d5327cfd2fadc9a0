using MassTransit;

namespace Kit.ImageDeployer;

/// <summary>The image-deployer service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class ImageDeployerService
{
    public const string Name = "image-deployer";

    /// <summary>Settings and services of the image-deployer.</summary>
    public static IHostApplicationBuilder AddImageDeployer(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    /// <summary>The image-deployer's consumers.</summary>
    public static IBusRegistrationConfigurator AddImageDeployerConsumers(this IBusRegistrationConfigurator bus)
    {
        return bus;
    }
}
