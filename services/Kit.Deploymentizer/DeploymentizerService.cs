using Kit.Deploymentizer.Consumers;
using Kit.Git;
using Kit.Rendering;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kit.Deploymentizer;

/// <summary>The deploymentizer service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class DeploymentizerService
{
    public const string Name = "deploymentizer";

    /// <summary>Settings and services of the deploymentizer.</summary>
    public static IHostApplicationBuilder AddDeploymentizer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RepositorySettings>()
            .BindConfiguration(RepositorySettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RenderingSettings>()
            .BindConfiguration(RenderingSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new RepositoryMirror(sp.GetRequiredService<IOptions<RepositorySettings>>().Value));
        builder.Services.AddSingleton<CommitRenderer>();
        builder.Services.AddSingleton(new HandledDeployments());
        return builder;
    }

    /// <summary>The deploymentizer's consumers.</summary>
    public static IBusRegistrationConfigurator AddDeploymentizerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ManifestsCommittedConsumer, ManifestsCommittedConsumerDefinition>();
        return bus;
    }
}
