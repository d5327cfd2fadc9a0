using Kit.Deployer;
using Kit.Deploymentizer;
using Kit.Hosting;
using Kit.ImageDeployer;
using Kit.Notifier;
using Kit.Tracker;
using MassTransit;
using Microsoft.AspNetCore.Builder;

namespace Kit.Cli.Hosting;

/// <summary>Every kit service in one process, on the same wiring the separate services use.</summary>
public static class AllServices
{
    /// <summary>
    /// Adds the five services and one bus: RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set,
    /// otherwise the in-memory transport. <paramref name="extra"/> adds consumers of the caller's own.
    /// </summary>
    public static WebApplicationBuilder AddAllKitServices(this WebApplicationBuilder builder, Action<IBusRegistrationConfigurator>? extra = null)
    {
        builder.AddImageDeployer();
        builder.AddDeploymentizer();
        builder.AddDeployer();
        builder.AddTracker();
        builder.AddNotifier();
        builder.AddKitBus(
            x =>
            {
                x.AddImageDeployerConsumers();
                x.AddDeploymentizerConsumers();
                x.AddDeployerConsumers();
                x.AddTrackerConsumers();
                x.AddNotifierConsumers();
                extra?.Invoke(x);
            },
            inMemoryWhenUnconfigured: true);
        return builder;
    }
}
