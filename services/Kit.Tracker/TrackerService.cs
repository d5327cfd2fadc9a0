using System.Text.Json.Serialization;
using Kit.Tracker.Api;
using Kit.Tracker.Consumers;
using Kit.Tracking;
using MassTransit;

namespace Kit.Tracker;

/// <summary>The tracker service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class TrackerService
{
    public const string Name = "tracker";

    /// <summary>Settings and services of the tracker: storage, the deadline check and the read API.</summary>
    public static IHostApplicationBuilder AddTracker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTracking(builder.Configuration);
        builder.Services.AddHostedService<DeadlineService>();
        builder.Services.AddRouting();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddTransient<IStartupFilter, TrackerApiStartupFilter>();
        return builder;
    }

    /// <summary>The tracker's consumers.</summary>
    public static IBusRegistrationConfigurator AddTrackerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeploymentPlannedConsumer, DeploymentPlannedConsumerDefinition>();
        bus.AddConsumer<ClusterDeployedConsumer, ClusterDeployedConsumerDefinition>();
        bus.AddConsumer<RenderFailedConsumer, RenderFailedConsumerDefinition>();
        bus.AddConsumer<ImageUpdateFailedConsumer, ImageUpdateFailedConsumerDefinition>();
        return bus;
    }
}
