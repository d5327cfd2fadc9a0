using Kit.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>Registers the notifier's settings, message building and sending.</summary>
public static class NotificationServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKitSettings<SlackSettings>(SlackSettings.Section)
            .Validate(s => string.IsNullOrWhiteSpace(s.WebhookUrl) || NotificationUrls.IsHttp(s.WebhookUrl),
                "Kit__Slack__WebhookUrl must be an https:// URL (Slack's incoming webhook)");
        services.AddOptions<WebhookSettings>()
            .BindConfiguration(WebhookSettings.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookSettings>, WebhookSettingsValidation>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(SecretRedactor.FromConfiguration(configuration));
        services.AddSingleton<SlackMessages>();
        services.AddSingleton<WebhookSender>();
        WebhookSender.AddRetries(services.AddHttpClient(WebhookSender.HttpClientName))
            .RemoveAllLoggers(); // The request line would show the webhook URL, a secret.
        services.AddSingleton<SlackPacing>();
        services.AddSingleton<DeploymentNotifier>();
        return services;
    }

    sealed class WebhookSettingsValidation : IValidateOptions<WebhookSettings>
    {
        public ValidateOptionsResult Validate(string? name, WebhookSettings options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
