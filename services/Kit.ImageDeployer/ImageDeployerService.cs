using Kit.Git;
using Kit.Git.Images;
using Kit.ImageDeployer.Consumers;
using Kit.ImageDeployer.Watching;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageDeployer;

/// <summary>The image-deployer service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class ImageDeployerService
{
    public const string Name = "image-deployer";

    /// <summary>Settings, the image writer, the repository watcher (poller and <c>POST /hooks/git</c>).</summary>
    public static IHostApplicationBuilder AddImageDeployer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RepositorySettings>()
            .BindConfiguration(RepositorySettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ImageDeployerSettings>()
            .BindConfiguration(ImageDeployerSettings.Section)
            .ValidateDataAnnotations()
            .Validate(s => s.MaxBackoffMilliseconds >= s.BackoffMilliseconds,
                "Kit__ImageDeployer__MaxBackoffMilliseconds must not be below Kit__ImageDeployer__BackoffMilliseconds")
            .ValidateOnStart();

        builder.Services.AddSingleton(services => new ImageWriter(
            services.GetRequiredService<IOptions<RepositorySettings>>().Value,
            services.GetRequiredService<IOptions<ImageDeployerSettings>>().Value,
            services.GetRequiredService<ILogger<ImageWriter>>()));
        builder.Services.AddSingleton<RepositoryWatcher>();
        builder.Services.AddHostedService<RepositoryPoller>();
        builder.Services.AddTransient<IStartupFilter, GitWebhookStartupFilter>();
        return builder;
    }

    /// <summary>The image-deployer's consumers.</summary>
    public static IBusRegistrationConfigurator AddImageDeployerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ImageBuiltConsumer, ImageBuiltConsumerDefinition>();
        return bus;
    }
}
