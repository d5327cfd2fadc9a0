using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kit.Tracking.Storage;

/// <summary>
/// Brings a database created by an earlier tracker up to the model: <c>EnsureCreated</c> does nothing once any table
/// exists, so tables and indexes added since are created here (<c>IF NOT EXISTS</c>, from EF's own script) and added
/// columns are added when missing. Idempotent, and safe with several instances starting at once.
/// </summary>
public static partial class TrackerSchemaUpgrade
{
    /// <summary>Columns added to tables that existed before them: (table, property of its row).</summary>
    static readonly (string Table, Type Row, string Property)[] AddedColumns =
    [
        ("cluster_reports", typeof(ClusterReportRow), nameof(ClusterReportRow.SkipReason)),
    ];

    public static async Task ApplyAsync(TrackerDbContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript();
        foreach (var statement in script.Split(";", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (CreateTable().IsMatch(statement) || CreateIndex().IsMatch(statement))
            {
                var idempotent = CreateIndex().Replace(CreateTable().Replace(statement, "CREATE TABLE IF NOT EXISTS "), m => m.Value + "IF NOT EXISTS ");
                await db.Database.ExecuteSqlRawAsync(idempotent, cancellationToken);
            }
        }

        var sqlite = db.Database.IsSqlite();
        foreach (var (table, row, property) in AddedColumns)
        {
            var column = db.Model.FindEntityType(row)!.FindProperty(property)!;
            var name = column.GetColumnName(StoreObjectIdentifier.Table(table, null));
            var type = column.GetColumnType();
            // Names and types come from the model, never from input.
            var alter = $"ALTER TABLE \"{table}\" ADD COLUMN {(sqlite ? "" : "IF NOT EXISTS ")}\"{name}\" {type} NULL";
            if (!sqlite || await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM pragma_table_info({table}) WHERE name = {name}").SingleAsync(cancellationToken) == 0)
            {
                await db.Database.ExecuteSqlRawAsync(alter, cancellationToken);
            }
        }
    }

    [GeneratedRegex(@"^CREATE TABLE ", RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^CREATE (UNIQUE )?INDEX ", RegexOptions.CultureInvariant)]
    private static partial Regex CreateIndex();
}
