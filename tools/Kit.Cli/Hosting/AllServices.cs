using Kit.CommitWatching;
using Kit.CommitWatching.Sources;
using Kit.Deploying;
using Kit.Hosting;
using Kit.ImageUpdating;
using Kit.Notifying;
using Kit.Rendering;
using Kit.Tracking;
using Kit.Tracking.Api;
using MassTransit;
using Microsoft.AspNetCore.Builder;

namespace Kit.Cli.Hosting;

/// <summary>Every kit capability in one process, on the same wiring the five service hosts use.</summary>
public static class AllServices
{
    /// <summary>
    /// Adds every capability and one bus: RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set,
    /// otherwise the in-memory transport. <paramref name="extra"/> adds consumers of the caller's own.
    /// </summary>
    public static WebApplicationBuilder AddAllKitServices(this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? extra = null)
    {
        builder.AddImageUpdating();
        builder.AddSourcePinning();
        builder.AddCommitWatching();
        builder.AddRendering();
        builder.AddDeploying();
        builder.AddTracking();
        builder.AddNotifying();
        builder.AddKitBus(
            x =>
            {
                x.AddImageUpdatingConsumers();
                x.AddCommitWatchingConsumers();
                x.AddRenderingConsumers();
                x.AddDeployingConsumers();
                x.AddTrackingConsumers();
                x.AddNotifyingConsumers();
                extra?.Invoke(x);
            },
            inMemoryWhenUnconfigured: true);
        return builder;
    }

    /// <summary>The endpoints of the five hosts, on one address: health, <c>/metrics</c>, <c>/hooks/git</c>, <c>/api/images</c> and the tracker's API.</summary>
    public static WebApplication MapAllKitEndpoints(this WebApplication app)
    {
        app.MapKitHealth();
        app.MapKitMetrics();
        app.MapGitWebhook();
        app.MapImagesApi();
        app.MapSourceWebhook();
        app.MapTrackerApi();
        return app;
    }
}
