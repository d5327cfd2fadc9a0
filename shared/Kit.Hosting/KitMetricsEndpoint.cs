using System.Globalization;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Kit.Hosting;

/// <summary>Prometheus <c>/metrics</c>: kit's own instruments, MassTransit's consumer metrics, .NET runtime and ASP.NET Core.</summary>
public static class KitMetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The meters served: kit's, MassTransit's (consume counts, durations, faults), the runtime's and Kestrel's requests.</summary>
    public static readonly string[] Meters = [KitMetrics.MeterName, InstrumentationOptions.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting"];

    /// <summary>Collects <see cref="Meters"/> for the Prometheus exporter; with <c>Kit:Metrics:Port</c> also listens there.</summary>
    public static WebApplicationBuilder AddKitMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<MetricsSettings>(MetricsSettings.Section);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(Meters).AddPrometheusExporter());
        if (int.TryParse(builder.Configuration[$"{MetricsSettings.Section}:Port"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65_535)
        {
            var urls = Urls(builder.Configuration);
            builder.WebHost.UseUrls($"{urls};http://{Host(urls)}:{port}");
        }

        return builder;
    }

    /// <summary>Serves <c>/metrics</c> on the service's port, or only on <c>Kit:Metrics:Port</c> when that is set.</summary>
    public static WebApplication MapKitMetrics(this WebApplication app)
    {
        if (!KitApplication.TryValidate(app.Services, out _))
        {
            return app;
        }

        var port = app.Services.GetRequiredService<IOptions<MetricsSettings>>().Value.Port;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == Path && (port == 0 || context.Connection.LocalPort == port));
        return app;
    }

    /// <summary>The addresses the server would take without a metrics port: <c>Urls</c>, else <c>HTTP_PORTS</c>, else Kestrel's default.</summary>
    static string Urls(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls;
        }

        return configuration["http_ports"] is { Length: > 0 } ports
            ? string.Join(';', ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"))
            : "http://localhost:5000";
    }

    /// <summary>The host of the first address, so the metrics port is bound where the service is (127.0.0.1 stays 127.0.0.1).</summary>
    static string Host(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var start = first.IndexOf("://", StringComparison.Ordinal) + 3;
        var authority = first[start..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
    }
}
