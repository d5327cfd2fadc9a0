using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Kit.Testing.Tracking;

/// <summary>A fresh tracker database per test: a SQLite file, or a new database on the real PostgreSQL.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    readonly string? directory;

    TestDatabase(string connectionString, string? directory)
    {
        ConnectionString = connectionString;
        this.directory = directory;
    }

    public string ConnectionString { get; }

    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        TestDatabase database;
        if (provider == Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"kit-tracker-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            database = new TestDatabase($"Data Source={Path.Combine(directory, "tracker.db")}", directory);
        }
        else
        {
            var server = Environment.GetEnvironmentVariable("KIT_TEST_POSTGRES");
            Assert.False(string.IsNullOrWhiteSpace(server),
                "KIT_TEST_POSTGRES is not set: run scripts/test.sh, or source scripts/services.sh and call ensure_postgres");
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = $"kit_{Guid.NewGuid():N}" };
            database = new TestDatabase(builder.ConnectionString, null);
        }

        await using var db = database.Context();
        await TrackerDatabase.EnsureSchemaAsync(db, CancellationToken.None);
        return database;
    }

    public TrackerDbContext Context()
    {
        var options = new DbContextOptionsBuilder<TrackerDbContext>();
        options.UseTrackerDatabase(ConnectionString);
        return new TrackerDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        // DROP DATABASE … WITH (FORCE) may meet an autovacuum worker, which only a superuser may end: it is gone a moment later.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = Context();
                await db.Database.EnsureDeletedAsync();
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42501" && attempt < 10)
            {
                await Task.Delay(200 * attempt);
            }
        }

        if (directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
