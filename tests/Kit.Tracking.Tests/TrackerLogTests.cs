using System.Collections.Concurrent;
using Kit.Testing.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kit.Tracking.Tests;

public sealed class TrackerLogTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_tracker_queries_log_no_entity_framework_warning(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var warnings = new ConcurrentQueue<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tracker"] = database.ConnectionString,
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddProvider(new Capture(warnings)))
            .AddTrackerStorage(configuration)
            .BuildServiceProvider();
        var tracker = services.GetRequiredService<DeploymentTracker>();
        var queries = services.GetRequiredService<Kit.Tracking.Queries.TrackerQueries>();
        var id = Guid.NewGuid();

        // What the tracker runs at start and on its timer, and what the API answers.
        await tracker.CompleteOverdueAsync(CancellationToken.None);
        await tracker.PlannedAsync(Events.Planned(id, "abc1234", "eu-1"), CancellationToken.None);
        await tracker.ClusterDeployedAsync(Events.Deployed(id, "eu-1", "abc1234"), CancellationToken.None);
        await tracker.CompleteOverdueAsync(CancellationToken.None);
        await queries.DeploymentsAsync(10, CancellationToken.None);
        await queries.DeploymentAsync(id, CancellationToken.None);
        await queries.MatchingIdsAsync(id.ToString("N")[..8], 3, CancellationToken.None);
        await queries.ClustersAsync(CancellationToken.None);
        await queries.HistoryAsync("eu-1", 10, CancellationToken.None);

        Assert.Empty(warnings);
    }

    sealed class Capture(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, warnings);

        public void Dispose()
        {
        }

        sealed class Logger(string category, ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && logLevel >= LogLevel.Warning)
                {
                    warnings.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
