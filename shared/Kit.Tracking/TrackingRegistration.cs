using System.Text.Json.Serialization;
using Kit.Tracking.Consumers;
using MassTransit;

namespace Kit.Tracking;

/// <summary>Tracking's registrations (events → a deployment's state and <c>DeploymentCompleted</c>), for the tracker host, <c>kit up</c> and the tests.</summary>
public static class TrackingRegistration
{
    public const string ServiceName = "tracker";

    /// <summary>Settings and services of the tracker: storage, the deadline check and the read API's JSON (mapped by <c>MapTrackerApi</c>).</summary>
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTrackerStorage(builder.Configuration);
        builder.Services.AddHostedService<DeadlineService>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>The tracker's consumers: a deployment's events, and each cluster's drift.</summary>
    public static IBusRegistrationConfigurator AddTrackingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeploymentPlannedConsumer, TrackedEventConsumerDefinition<DeploymentPlannedConsumer>>();
        bus.AddConsumer<ClusterDeployedConsumer, ClusterDeployedConsumerDefinition>();
        bus.AddConsumer<RenderFailedConsumer, TrackedEventConsumerDefinition<RenderFailedConsumer>>();
        bus.AddConsumer<ImageUpdateFailedConsumer, TrackedEventConsumerDefinition<ImageUpdateFailedConsumer>>();
        bus.AddConsumer<DriftDetectedConsumer, TrackedEventConsumerDefinition<DriftDetectedConsumer>>();
        return bus;
    }
}
