using Kit.Hosting;
using Kit.Tracking.Queries;
using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kit.Tracking;

/// <summary>Registers the tracker's storage, logic and queries.</summary>
public static class TrackingServices
{
    /// <summary>
    /// Adds <see cref="DeploymentTracker"/> and <see cref="TrackerQueries"/> on the database of
    /// <c>ConnectionStrings:Tracker</c> (SQLite <c>kit-tracker.db</c> when unset), with the schema created at start;
    /// a PostgreSQL password in <c>Kit:Tracker:DatabasePassword</c> (a secrets file) replaces the connection string's.
    /// </summary>
    public static IServiceCollection AddTrackerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKitSettings<TrackerSettings>(TrackerSettings.Section);

        var connectionString = configuration.GetConnectionString(TrackerDatabase.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = TrackerDatabase.DefaultConnectionString;
        }

        string? error = null;
        try
        {
            if (TrackerDatabase.IsPostgres(connectionString) && configuration[TrackerDatabase.PasswordKey] is { Length: > 0 } password)
            {
                connectionString = TrackerDatabase.WithPassword(connectionString, password);
            }
        }
        catch (TrackerConfigurationException e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            // Reported by start-up validation as one line, before anything touches the database.
            services.AddOptions<ConnectionCheck>().Validate(_ => false, error).ValidateOnStart();
            connectionString = TrackerDatabase.DefaultConnectionString;
        }

        services.AddDbContextFactory<TrackerDbContext>(o => o.UseTrackerDatabase(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeploymentTracker>();
        services.AddSingleton<DriftRecorder>();
        services.AddSingleton<TrackerQueries>();
        services.AddHostedService<SchemaInitializer>();
        return services;
    }

    sealed class ConnectionCheck;

    /// <summary>Creates the schema before the bus starts consuming (hosted services start in order).</summary>
    sealed class SchemaInitializer(IDbContextFactory<TrackerDbContext> contexts) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await TrackerDatabase.EnsureSchemaAsync(db, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
