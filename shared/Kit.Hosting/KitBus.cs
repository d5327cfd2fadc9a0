using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.Hosting;

/// <summary>The one bus wiring every service, <c>kit up</c> and the tests share.</summary>
public static class KitBus
{
    /// <summary>
    /// Adds MassTransit over RabbitMQ from <c>ConnectionStrings:RabbitMq</c>: kebab-case endpoints,
    /// exponential retry, then the error queue with a <c>Fault&lt;T&gt;</c>. With
    /// <paramref name="inMemoryWhenUnconfigured"/> (kit up, tests) a missing connection string means the
    /// in-memory transport; otherwise it stops the service at start with one line.
    /// </summary>
    public static IHostApplicationBuilder AddKitBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        bool inMemoryWhenUnconfigured = false)
    {
        builder.Services.AddKitSettings<BusSettings>(BusSettings.Section)
            .Validate(s => s.RetryMaxSeconds >= s.RetryMinSeconds, "Kit__Bus__RetryMaxSeconds must not be below Kit__Bus__RetryMinSeconds");

        Uri? broker = null;
        string? brokerError = null;
        try
        {
            broker = KitConnection.RabbitMq(builder.Configuration);
        }
        catch (KitConfigurationException e)
        {
            brokerError = e.Message;
        }

        if (broker is null && !inMemoryWhenUnconfigured)
        {
            brokerError ??= "ConnectionStrings__RabbitMq is not set: give the broker as amqp://user:pass@host:5672/vhost";
        }

        if (brokerError is not null)
        {
            // Reported by RunKit before the host starts, as one line.
            builder.Services.AddOptions<BrokerCheck>().Validate(_ => false, brokerError).ValidateOnStart();
        }

        var settings = builder.Configuration.GetSection(BusSettings.Section).Get<BusSettings>() ?? new BusSettings();

        // Start only once every receive endpoint is bound, so nothing published right after start is dropped.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(settings.StartTimeoutSeconds);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(settings.QueuePrefix, false));

            // No anonymous usage reports to MassTransit's servers: kit runs where nothing may call out.
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            configure(x);
            x.AddConfigureEndpointsCallback((context, _, cfg) =>
            {
                var bus = context.GetRequiredService<IOptions<BusSettings>>().Value;
                cfg.UseMessageRetry(r => r.Exponential(
                    bus.RetryLimit,
                    TimeSpan.FromSeconds(bus.RetryMinSeconds),
                    TimeSpan.FromSeconds(bus.RetryMaxSeconds),
                    TimeSpan.FromSeconds(bus.RetryMinSeconds)));
                if (bus.PrefetchCount > 0)
                {
                    cfg.PrefetchCount = bus.PrefetchCount;
                }
            });

            if (broker is null)
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseConsumeFilter(typeof(LogContextFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
                return;
            }

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker, h => h.ConnectionName(builder.Environment.ApplicationName));
                cfg.UseConsumeFilter(typeof(LogContextFilter<>), context);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Stand-in options type that carries a broker configuration error to start-up validation.</summary>
    sealed class BrokerCheck;
}
