using Kit.Tracking;
using Kit.Tracking.Queries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kit.Testing.Tracking;

/// <summary>One tracker instance (its own service provider and connections) on a test database.</summary>
public sealed class TrackerInstance : IAsyncDisposable
{
    readonly ServiceProvider services;

    public TrackerInstance(TestDatabase database, TimeProvider? time = null, int deadlineSeconds = 600)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tracker"] = database.ConnectionString,
            ["Kit:Tracker:DeadlineSeconds"] = deadlineSeconds.ToString(),
            ["Kit:Tracker:PublishLeaseSeconds"] = "30",
        }).Build();
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        services = collection.AddTrackerStorage(configuration).BuildServiceProvider();
    }

    public DeploymentTracker Tracker => services.GetRequiredService<DeploymentTracker>();
    public TrackerQueries Queries => services.GetRequiredService<TrackerQueries>();
    public DriftRecorder Drift => services.GetRequiredService<DriftRecorder>();

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
