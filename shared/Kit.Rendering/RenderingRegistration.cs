using Kit.Git;
using Kit.Hosting;
using Kit.Rendering.Consumers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kit.Rendering;

/// <summary>Rendering's registrations (<c>ManifestsCommitted</c> → each cluster's <c>ManifestsRendered</c>), for the deploymentizer host, <c>kit up</c> and the tests.</summary>
public static class RenderingRegistration
{
    public const string ServiceName = "deploymentizer";

    /// <summary>Settings and services of the deploymentizer.</summary>
    public static IHostApplicationBuilder AddRendering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<RepositorySettings>(RepositorySettings.Section);
        builder.Services.AddKitSettings<RenderingSettings>(RenderingSettings.Section);
        builder.Services.AddKitSettings<SourcesSettings>(SourcesSettings.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddRepositoryMirror();
        builder.Services.AddSingleton<CommitRenderer>();
        builder.Services.AddSingleton(new HandledDeployments());
        return builder;
    }

    /// <summary>The deploymentizer's consumers.</summary>
    public static IBusRegistrationConfigurator AddRenderingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ManifestsCommittedConsumer, ManifestsCommittedConsumerDefinition>();
        return bus;
    }
}
