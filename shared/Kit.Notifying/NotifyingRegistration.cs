using Kit.Notifying;
using Kit.Notifying.Consumers;
using MassTransit;

namespace Kit.Notifying;

/// <summary>Notifying's registrations (events → Slack and webhooks), for the notifier host, <c>kit up</c> and the tests.</summary>
public static class NotifyingRegistration
{
    public const string ServiceName = "notifier";

    /// <summary>Settings and services of the notifier: Slack, generic webhooks, background sending.</summary>
    public static IHostApplicationBuilder AddNotifying(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotifications(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The notifier's consumers. Each only queues, so the bus never waits for Slack or a webhook.
    /// </summary>
    public static IBusRegistrationConfigurator AddNotifyingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeploymentCompletedNotificationConsumer>();
        bus.AddConsumer<ClusterDeployedNotificationConsumer>();
        bus.AddConsumer<DeploymentPlannedNotificationConsumer>();
        bus.AddConsumer<RenderFailedNotificationConsumer>();
        bus.AddConsumer<ImageUpdateFailedNotificationConsumer>();
        return bus;
    }
}
