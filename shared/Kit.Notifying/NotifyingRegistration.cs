using Kit.Notifying.Consumers;
using MassTransit;

namespace Kit.Notifying;

/// <summary>Notifying's registrations (events → Slack and webhooks), for the notifier host, <c>kit up</c> and the tests.</summary>
public static class NotifyingRegistration
{
    public const string ServiceName = "notifier";

    /// <summary>Settings and services of the notifier: Slack, generic webhooks, sending with retries.</summary>
    public static IHostApplicationBuilder AddNotifying(this IHostApplicationBuilder builder)
    {
        builder.Services.AddNotifications(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The notifier's consumers. Each acknowledges its event only once Slack or the webhook accepted the message or
    /// it definitively failed, so a killed notifier loses nothing: the broker redelivers the event.
    /// </summary>
    public static IBusRegistrationConfigurator AddNotifyingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeploymentCompletedNotificationConsumer, NotificationConsumerDefinition<DeploymentCompletedNotificationConsumer>>();
        bus.AddConsumer<ClusterDeployedNotificationConsumer, NotificationConsumerDefinition<ClusterDeployedNotificationConsumer>>();
        bus.AddConsumer<DeploymentPlannedNotificationConsumer, NotificationConsumerDefinition<DeploymentPlannedNotificationConsumer>>();
        bus.AddConsumer<RenderFailedNotificationConsumer, NotificationConsumerDefinition<RenderFailedNotificationConsumer>>();
        bus.AddConsumer<ImageUpdateFailedNotificationConsumer, NotificationConsumerDefinition<ImageUpdateFailedNotificationConsumer>>();
        return bus;
    }
}
