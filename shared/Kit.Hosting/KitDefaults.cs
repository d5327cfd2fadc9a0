using MassTransit;
using MassTransit.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;

namespace Kit.Hosting;

/// <summary>Logging, tracing, metrics and health for every kit process.</summary>
public static class KitDefaults
{
    /// <summary>The activity source of kit's own spans.</summary>
    public const string ActivitySourceName = "Kit";

    const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Service}{DeploymentIdText}{ClusterText} {Message:lj}{ExceptionSummary:l}{NewLine}{ExceptionText:l}";

    /// <summary>
    /// Serilog to the console and, when <c>Seq:ServerUrl</c> is set, to Seq; every event carries the
    /// service name and, while a message is handled, its DeploymentId, cluster and commit.
    /// OpenTelemetry traces MassTransit (OTLP export when <c>Kit:Tracing:OtlpEndpoint</c> is set) and collects
    /// the metrics <c>MapKitMetrics</c> serves.
    /// </summary>
    public static WebApplicationBuilder AddKitDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;

        // Secrets mounted as files (compose secrets, Kubernetes secret volumes): one file per key,
        // named like the environment variable, e.g. Kit__Repository__Password.
        var secrets = configuration["Kit:SecretsDirectory"] ?? "/run/secrets";
        if (Directory.Exists(secrets))
        {
            builder.Configuration.AddKeyPerFile(secrets, optional: true);
        }

        // Each host keeps its own logger (and service name) instead of replacing the static Log.Logger:
        // `kit up` and the tests run several hosts in one process.
        builder.Services.AddSerilog((services, log) => Configure(log, configuration, serviceName), preserveStaticLogger: true);
        builder.Services.AddHealthChecks();

        var otlp = configuration["Kit:Tracing:OtlpEndpoint"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t =>
            {
                t.AddSource(DiagnosticHeaders.DefaultListenerName, ActivitySourceName);
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    t.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        builder.AddKitMetrics();
        return builder;
    }

    /// <summary>The shared Serilog set-up, also used by the CLI.</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration log, IConfiguration configuration, string serviceName)
    {
        log.MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            // HTTP retries (Microsoft.Extensions.Http.Resilience) are logged by their callers, naming what was sent.
            .MinimumLevel.Override("Polly", LogEventLevel.Error)
            // The tracker resolves insert races by unique constraints and logs its own decisions.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
            .ReadFrom.Configuration(configuration)
            // A port in use or a broker out of reach at start is reported as one line by whoever starts
            // the host; the host's own error entry for it would add a stack trace.
            .Filter.ByExcluding(e => KitApplication.AddressInUse(e.Exception) is not null
                || (e.Exception is RabbitMqConnectionException && e.Properties.TryGetValue("SourceContext", out var source)
                    && source.ToString() == "\"Microsoft.Extensions.Hosting.Internal.Host\""))
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Service", serviceName)
            .Enrich.With<ConsoleTextEnricher>()
            .WriteTo.Console(outputTemplate: ConsoleTemplate);
        var seq = configuration["Seq:ServerUrl"];
        if (!string.IsNullOrWhiteSpace(seq))
        {
            log.WriteTo.Seq(seq, apiKey: configuration["Seq:ApiKey"], period: TimeSpan.FromMilliseconds(500));
        }

        return log;
    }
}
