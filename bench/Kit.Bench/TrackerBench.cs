using System.Diagnostics;
using Kit.Contracts;
using Kit.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kit.Bench;

/// <summary>
/// <c>tracker [--deployments N] [--clusters M] [--instances K] [--db CONNECTION]</c>: N deployments of M
/// clusters fed to K tracker instances on one database (a fresh SQLite file by default), every
/// report delivered twice to different instances. ok = each deployment completed exactly once
/// with the right counts.
/// </summary>
public static class TrackerBench
{
    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var deployments = Option(args, "--deployments", 20);
        var clusters = Option(args, "--clusters", 100);
        var instanceCount = Option(args, "--instances", 2);
        var directory = Path.Combine(Path.GetTempPath(), $"kit-bench-tracker-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var connection = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? $"Data Source={Path.Combine(directory, "tracker.db")}";
        Console.WriteLine($"tracker: {deployments} deployments x {clusters} clusters, {instanceCount} instances, every report twice");

        var providers = Enumerable.Range(0, instanceCount).Select(_ => Provider(connection)).ToList();
        try
        {
            await using (var scope = providers[0].CreateAsyncScope())
            {
                var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Kit.Tracking.Storage.TrackerDbContext>>().CreateDbContextAsync();
                await Kit.Tracking.Storage.TrackerDatabase.EnsureSchemaAsync(db, CancellationToken.None);
                await db.DisposeAsync();
            }

            var trackers = providers.Select(p => p.GetRequiredService<DeploymentTracker>()).ToList();
            var stopwatch = Stopwatch.StartNew();
            var completions = new List<DeploymentCompleted>();
            var names = Enumerable.Range(1, clusters).Select(i => $"cluster-{i:000}").ToArray();
            var gate = new Lock();
            await Parallel.ForEachAsync(Enumerable.Range(0, deployments), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (n, ct) =>
            {
                var id = Guid.NewGuid();
                var found = new List<DeploymentCompleted?> { await trackers[n % instanceCount].PlannedAsync(Plan(id, names), ct) };
                for (var c = 0; c < names.Length; c++)
                {
                    var report = Report(id, names[c], c % 10 == 0 ? DeploymentOutcome.Failed : DeploymentOutcome.Succeeded);
                    found.Add(await trackers[c % instanceCount].ClusterDeployedAsync(report, ct));
                    found.Add(await trackers[(c + 1) % instanceCount].ClusterDeployedAsync(report, ct));
                }

                lock (gate)
                {
                    completions.AddRange(found.OfType<DeploymentCompleted>());
                }
            });
            stopwatch.Stop();

            var events = deployments * (1 + 2 * clusters);
            var failedPer = names.Where((_, c) => c % 10 == 0).Count();
            var ok = completions.Count == deployments
                && completions.Select(c => c.CorrelationId).Distinct().Count() == deployments
                && completions.All(c => c.Total == clusters && c.Failed == failedPer && c.Succeeded == clusters - failedPer);
            return new BenchResult(ok, stopwatch.Elapsed, new Dictionary<string, object>
            {
                ["deployments"] = deployments,
                ["clusters"] = clusters,
                ["instances"] = instanceCount,
                ["events"] = events,
                ["events_per_s"] = events / stopwatch.Elapsed.TotalSeconds,
                ["completions"] = completions.Count,
            });
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    static ServiceProvider Provider(string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Tracker"] = connection }).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddTrackerStorage(configuration)
            .BuildServiceProvider();
    }

    static DeploymentPlanned Plan(Guid id, string[] clusters) => new()
    {
        CorrelationId = id, Repository = "bench", Ref = "main", CommitSha = "abc1234", Clusters = clusters,
    };

    static ClusterDeployed Report(Guid id, string cluster, DeploymentOutcome outcome) => new()
    {
        CorrelationId = id, Cluster = cluster, CommitSha = "abc1234", Outcome = outcome, Images = ["registry.example.com/auth:1"],
    };

    static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, out var n) && n > 0 ? n : fallback;
}
