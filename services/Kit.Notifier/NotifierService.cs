using Kit.Notifier.Consumers;
using Kit.Tracking.Notifications;
using MassTransit;

namespace Kit.Notifier;

/// <summary>The notifier service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class NotifierService
{
    public const string Name = "notifier";

    /// <summary>Settings and services of the notifier: Slack, generic webhooks, background sending.</summary>
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotifications(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The notifier's consumers. Each only queues, so the bus never waits for Slack or a webhook.
    /// </summary>
    public static IBusRegistrationConfigurator AddNotifierConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeploymentCompletedNotificationConsumer>();
        bus.AddConsumer<ClusterDeployedNotificationConsumer>();
        bus.AddConsumer<DeploymentPlannedNotificationConsumer>();
        bus.AddConsumer<RenderFailedNotificationConsumer>();
        bus.AddConsumer<ImageUpdateFailedNotificationConsumer>();
        return bus;
    }
}
