using Kit.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kit.Tracking.Storage;

/// <summary>The tracker's tables, the same on SQLite and PostgreSQL.</summary>
public sealed class TrackerDbContext(DbContextOptions<TrackerDbContext> options) : DbContext(options)
{
    public DbSet<DeploymentRow> Deployments => Set<DeploymentRow>();
    public DbSet<PlannedClusterRow> PlannedClusters => Set<PlannedClusterRow>();
    public DbSet<ClusterReportRow> ClusterReports => Set<ClusterReportRow>();
    public DbSet<ClusterDriftRow> ClusterDrift => Set<ClusterDriftRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Unix milliseconds: SQLite cannot compare or order DateTimeOffset, and one model serves both databases.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DeploymentOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CommitCause>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DeploymentRow>(e =>
        {
            e.ToTable("deployments");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.FirstSeenAt);
            e.HasIndex(d => new { d.CompletedAt, d.DeadlineAt });
        });
        modelBuilder.Entity<PlannedClusterRow>(e =>
        {
            e.ToTable("planned_clusters");
            e.HasKey(p => new { p.DeploymentId, p.Cluster });
        });
        modelBuilder.Entity<ClusterReportRow>(e =>
        {
            e.ToTable("cluster_reports");
            e.HasKey(r => new { r.DeploymentId, r.Cluster });
            e.HasIndex(r => new { r.Cluster, r.ReportedAt });
            e.Property(r => r.SkipReason).HasMaxLength(16);
        });
        modelBuilder.Entity<ClusterDriftRow>(e =>
        {
            e.ToTable("cluster_drift");
            e.HasKey(d => d.Cluster);
        });
    }

    sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
