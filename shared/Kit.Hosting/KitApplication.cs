using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kit.Hosting;

/// <summary>Health endpoints and a start-up that reports a wrong setting as one line.</summary>
public static class KitApplication
{
    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the bus and every "ready" check).</summary>
    public static WebApplication MapKitHealth(this WebApplication app)
    {
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

        app.Run();
        return 0;
    }

    /// <summary>Runs the options validation that would otherwise throw while the host starts.</summary>
    public static bool TryValidate(IServiceProvider services, out string error)
    {
        error = "";
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            error = string.Join("; ", e.Failures.Distinct());
            return false;
        }
        catch (KitConfigurationException e)
        {
            error = e.Message;
            return false;
        }
    }
}
