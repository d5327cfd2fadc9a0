using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.Hosting;

/// <summary>Health endpoints and a start-up that reports a wrong setting as one line.</summary>
public static partial class KitApplication
{
    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the bus and every "ready" check).</summary>
    public static WebApplication MapKitHealth(this WebApplication app)
    {
        // Mapping the checks builds the bus, which reads the settings: a wrong one would throw here with a
        // stack trace instead of the one line RunKit (or the caller's TryValidate) prints for it.
        if (!TryValidate(app.Services, out _))
        {
            return app;
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    /// <summary>Validates every setting, then runs; a wrong setting is one line on stderr and exit code 2.</summary>
    public static int RunKit(this WebApplication app)
    {
        if (Environment.GetCommandLineArgs().Contains(HealthProbe.Flag))
        {
            return HealthProbe.Run(app.Configuration);
        }

        if (!TryValidate(app.Services, out var error))
        {
            Console.Error.WriteLine($"{app.Environment.ApplicationName}: {error}");
            return 2;
        }

        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (AddressInUse(e) is not null || e is RabbitMqConnectionException)
        {
            // What did start (the bus, the timers) stops cleanly, so its end adds no error of its own.
            var name = app.Environment.ApplicationName;
            var line = AddressInUse(e) is { } address
                ? $"cannot listen on {address}: the port is in use; set Urls to a free port (e.g. Urls=http://127.0.0.1:5199)"
                : BrokerUnreachable(app.Configuration, e);
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.Error.WriteLine($"{name}: {line}");
            return e is RabbitMqConnectionException ? 3 : 2;
        }

        app.WaitForShutdown();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>The line for a bus that could not connect within <c>Kit__Bus__StartTimeoutSeconds</c>; no password in it.</summary>
    public static string BrokerUnreachable(IConfiguration configuration, Exception e)
    {
        var broker = KitConnection.RabbitMq(configuration);
        var seconds = configuration.GetSection(BusSettings.Section).Get<BusSettings>()?.StartTimeoutSeconds ?? new BusSettings().StartTimeoutSeconds;
        return $"cannot reach the broker{(broker is null ? "" : " at " + KitConnection.Redact(broker))} within {seconds} s (Kit__Bus__StartTimeoutSeconds): {e.Message.Split('\n')[0].Trim()}";
    }

    /// <summary>The address Kestrel could not bind because another process holds its port, or null for any other error.</summary>
    public static string? AddressInUse(Exception? e)
    {
        if (e is not IOException { InnerException: AddressInUseException })
        {
            return null;
        }

        return BindAddress().Match(e.Message) is { Success: true } match ? match.Groups["address"].Value : "its address";
    }

    /// <summary>Runs the options validation that would otherwise throw while the host starts.</summary>
    public static bool TryValidate(IServiceProvider services, out string error)
    {
        error = "";
        var configuration = services.GetService<IConfiguration>();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            error = string.Join("; ", e.Failures.Select(f => SettingErrors.Describe(f, configuration)).Distinct());
            return false;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            // Several options classes refused settings (two may bind the same key): each problem once.
            error = string.Join("; ", e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures).Select(f => SettingErrors.Describe(f, configuration)).Distinct());
            return false;
        }
        catch (InvalidOperationException e) when (SettingErrors.DescribeConversion(e, configuration) is { } conversion)
        {
            error = conversion;
            return false;
        }
        catch (KitConfigurationException e)
        {
            error = e.Message;
            return false;
        }
    }

    [GeneratedRegex(@"bind to address (?<address>\S+?):? address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();
}
