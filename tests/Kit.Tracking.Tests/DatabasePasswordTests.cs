using Kit.Testing.Tracking;
using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kit.Tracking.Tests;

/// <summary><c>Kit__Tracker__DatabasePassword</c>: the PostgreSQL password from a secrets file instead of the connection string.</summary>
public sealed class DatabasePasswordTests
{
    [Fact]
    public async Task The_password_setting_replaces_the_one_in_the_connection_string()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        var real = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "not-the-password" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tracker"] = wrong.ConnectionString,
            ["Kit:Tracker:DatabasePassword"] = real.Password,
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTrackerStorage(configuration)
            .BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContextAsync();

        Assert.True(await db.Database.CanConnectAsync());
        Assert.Equal(real.Password, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Password);
    }

    [Fact]
    public void A_sqlite_tracker_ignores_the_password_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tracker"] = "Data Source=unused.db",
            ["Kit:Tracker:DatabasePassword"] = "secret",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddTrackerStorage(configuration).BuildServiceProvider();
        using var db = services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContext();

        Assert.Equal("Data Source=unused.db", db.Database.GetConnectionString());
    }
}
