using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Kit.Tracking.Storage;

/// <summary>Chooses SQLite or PostgreSQL from <c>ConnectionStrings:Tracker</c>.</summary>
public static class TrackerDatabase
{
    public const string ConnectionStringName = "Tracker";
    public const string DefaultConnectionString = "Data Source=kit-tracker.db";

    /// <summary>The PostgreSQL password apart from the connection string, so that it can come from a secrets file.</summary>
    public const string PasswordKey = "Kit:Tracker:DatabasePassword";

    /// <summary>The PostgreSQL connection string with <paramref name="password"/> in place of its own.</summary>
    public static string WithPassword(string connectionString, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;

    /// <summary>True for a PostgreSQL connection string; false for SQLite; an error naming the key otherwise.</summary>
    public static bool IsPostgres(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new TrackerConfigurationException("ConnectionStrings__Tracker is empty: give Data Source=file.db (SQLite) or Host=...;Database=... (PostgreSQL)");
        }

        var sqlite = connectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            || connectionString.TrimStart().StartsWith("Filename=", StringComparison.OrdinalIgnoreCase);
        try
        {
            if (sqlite)
            {
                _ = new SqliteConnectionStringBuilder(connectionString);
                return false;
            }

            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(postgres.Host))
            {
                throw new ArgumentException("no Host");
            }

            return true;
        }
        catch (ArgumentException)
        {
            throw new TrackerConfigurationException(
                "ConnectionStrings__Tracker is neither Data Source=file.db (SQLite) nor a PostgreSQL connection string with Host=...;Database=...");
        }
    }

    /// <summary>Configures the context for the database the connection string names.</summary>
    public static DbContextOptionsBuilder UseTrackerDatabase(this DbContextOptionsBuilder options, string connectionString)
    {
        if (IsPostgres(connectionString))
        {
            options.UseNpgsql(connectionString);
        }
        else
        {
            options.UseSqlite(connectionString);
        }

        // A duplicate insert is how a redelivered event is recognised: expected, not an error to log.
        return options.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Debug)));
    }

    /// <summary>True when the save failed only because the row exists already.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && (s.SqliteExtendedErrorCode == 1555 || s.SqliteExtendedErrorCode == 2067),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>Creates the schema when missing; several instances starting at once are fine.</summary>
    public static async Task EnsureSchemaAsync(TrackerDbContext db, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.EnsureCreatedAsync(cancellationToken);
                await TrackerSchemaUpgrade.ApplyAsync(db, cancellationToken);
                if (db.Database.IsSqlite())
                {
                    // Readers (the API, the deadline check) no longer wait for writers; kept in the file.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                }

                return;
            }
            catch (Exception e) when (attempt < 3 && e is DbException or InvalidOperationException)
            {
                // Another instance is creating the same tables right now; the next attempt sees them.
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
        }
    }
}
