using Kit.Hosting;
using Kit.Notifying.Consumers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>Notifying's registrations (events → Slack, Teams, webhooks and commit statuses), for the notifier host, <c>kit up</c> and the tests.</summary>
public static class NotifyingRegistration
{
    public const string ServiceName = "notifier";

    /// <summary>Settings and services of the notifier: Slack, Teams, generic webhooks, commit statuses, sending with retries.</summary>
    public static IHostApplicationBuilder AddNotifying(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<SlackSettings>(SlackSettings.Section)
            .Validate(s => string.IsNullOrWhiteSpace(s.WebhookUrl) || NotificationUrls.IsHttp(s.WebhookUrl),
                "Kit__Slack__WebhookUrl must be an https:// URL (Slack's incoming webhook)");
        builder.Services.AddKitSettings<TeamsSettings>(TeamsSettings.Section)
            .Validate(s => string.IsNullOrWhiteSpace(s.WebhookUrl) || NotificationUrls.IsHttp(s.WebhookUrl),
                "Kit__Teams__WebhookUrl must be an https:// URL (a Teams incoming webhook or workflow)");
        builder.Services.AddOptions<CommitStatusSettings>()
            .BindConfiguration(CommitStatusSettings.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CommitStatusSettings>, CommitStatusSettingsValidation>();
        builder.Services.AddOptions<WebhookSettings>()
            .BindConfiguration(WebhookSettings.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookSettings>, WebhookSettingsValidation>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SecretRedactor.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<SlackMessages>();
        builder.Services.AddSingleton<TeamsMessages>();
        builder.Services.AddSingleton<CommitStatusReporter>();
        builder.Services.AddSingleton<WebhookSender>();
        WebhookSender.AddRetries(builder.Services.AddHttpClient(WebhookSender.HttpClientName))
            .RemoveAllLoggers(); // The request line would show the webhook URL, a secret.
        builder.Services.AddSingleton<SlackPacing>();
        builder.Services.AddSingleton<DeploymentNotifier>();
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
        bus.AddConsumer<DriftDetectedNotificationConsumer, NotificationConsumerDefinition<DriftDetectedNotificationConsumer>>();
        bus.AddConsumer<ImageBuiltCommitStatusConsumer, NotificationConsumerDefinition<ImageBuiltCommitStatusConsumer>>();
        return bus;
    }

    sealed class CommitStatusSettingsValidation : IValidateOptions<CommitStatusSettings>
    {
        public ValidateOptionsResult Validate(string? name, CommitStatusSettings options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }

    sealed class WebhookSettingsValidation : IValidateOptions<WebhookSettings>
    {
        public ValidateOptionsResult Validate(string? name, WebhookSettings options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
