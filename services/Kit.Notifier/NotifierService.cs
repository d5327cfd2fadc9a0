using MassTransit;

namespace Kit.Notifier;

/// <summary>The notifier service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class NotifierService
{
    public const string Name = "notifier";

    /// <summary>Settings and services of the notifier.</summary>
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    /// <summary>The notifier's consumers.</summary>
    public static IBusRegistrationConfigurator AddNotifierConsumers(this IBusRegistrationConfigurator bus)
    {
        return bus;
    }
}
