namespace Kit.Tracker.Api;

/// <summary>
/// Maps the read API ahead of the host's own endpoints: Program.cs stays the same for every
/// service, so the tracker adds its routes from <c>AddTracker</c>.
/// </summary>
public sealed class TrackerApiStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapTrackerApi());
        next(app);
    };
}
