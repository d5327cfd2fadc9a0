using MassTransit;

namespace Kit.Tracker;

/// <summary>The tracker service's registrations, shared by its own host, `kit up` and the tests.</summary>
public static class TrackerService
{
    public const string Name = "tracker";

    /// <summary>Settings and services of the tracker.</summary>
    public static IHostApplicationBuilder AddTracker(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    /// <summary>The tracker's consumers.</summary>
    public static IBusRegistrationConfigurator AddTrackerConsumers(this IBusRegistrationConfigurator bus)
    {
        return bus;
    }
}
