using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>
/// Field ownership as structured-merge-diff keeps it in managedFields: one entry per manager, operation
/// (Apply or Update) and subresource; an apply merges per schema, releases what its manager stopped applying
/// and conflicts with other managers' fields it would change.
/// </summary>
static class FieldManager
{
    /// <summary>Server-side apply: the merged object; <paramref name="entries"/> updated, or a 409 conflict unless forced.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject? live, JsonObject config, List<ManagedFieldsEntry> entries, string manager, string? subresource, Schema schema, FieldScope scope, bool force)
    {
        var applied = FieldPaths.Of(config, schema, scope);
        var merged = live?.DeepClone().AsObject() ?? [];
        Merging.ApplyInto(merged, config, schema);
        var mine = entries.FirstOrDefault(e => e.Is(manager, "Apply", subresource));
        if (mine is not null)
        {
            RemoveReleasedFields(merged, schema, mine.Fields, applied, entries.Where(e => e != mine));
        }

        var comparison = FieldComparison.Of(live, merged, schema, scope);
        TakeOwnership(entries, mine, comparison, force);
        if (mine is null)
        {
            entries.Add(new ManagedFieldsEntry { Manager = manager, Operation = "Apply", ApiVersion = type.ApiVersion, Time = Json.Now(), Subresource = subresource, Fields = applied });
        }
        else if (!mine.Fields.SetEquals(applied) || mine.ApiVersion != type.ApiVersion || comparison.Changed)
        {
            mine.Fields = applied;
            mine.ApiVersion = type.ApiVersion;
            mine.Time = Json.Now();
        }

        return merged;
    }

    /// <summary>A create, update or non-apply patch: the writer owns what it added or changed, other managers lose it.</summary>
    public static void Update(ResourceType type, List<ManagedFieldsEntry> entries, JsonObject? live, JsonObject candidate, string manager, string? subresource, Schema schema, FieldScope scope)
    {
        var comparison = FieldComparison.Of(live, candidate, schema, scope);
        if (!comparison.Changed)
        {
            return;
        }

        var mine = entries.FirstOrDefault(e => e.Is(manager, "Update", subresource));
        TakeOwnership(entries, mine, comparison, force: true);
        if (mine is null)
        {
            mine = new ManagedFieldsEntry { Manager = manager, Operation = "Update", ApiVersion = type.ApiVersion, Time = Json.Now(), Subresource = subresource, Fields = [] };
            entries.Add(mine);
        }

        mine.Fields.ExceptWith(comparison.Removed);
        mine.Fields.UnionWith(comparison.Modified);
        mine.Fields.UnionWith(comparison.Added);
        mine.ApiVersion = type.ApiVersion;
        mine.Time = Json.Now();
        entries.RemoveAll(e => e.Fields.Count == 0);
    }

    /// <summary>
    /// Other managers lose the fields a write changed or removed; an apply that changes fields another
    /// manager owns fails with a conflict unless forced.
    /// </summary>
    static void TakeOwnership(List<ManagedFieldsEntry> entries, ManagedFieldsEntry? writer, FieldComparison comparison, bool force)
    {
        var conflicts = new List<(ManagedFieldsEntry Owner, string Path)>();
        foreach (var entry in entries.Where(e => e != writer))
        {
            conflicts.AddRange(entry.Fields.Where(p => comparison.Modified.Contains(p) || comparison.Added.Contains(p)).Select(p => (entry, p)));
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Remove(path);
        }

        foreach (var entry in entries.Where(e => e != writer))
        {
            entry.Fields.ExceptWith(comparison.Removed);
        }

        entries.RemoveAll(e => e != writer && e.Fields.Count == 0);
    }

    /// <summary>kube-apiserver's 409: one conflict on one line, several grouped by manager (sorted), a cause per field.</summary>
    static ApiException Conflict(List<(ManagedFieldsEntry Owner, string Path)> conflicts)
    {
        var byManager = conflicts
            .GroupBy(c => c.Owner)
            .OrderBy(g => g.Key.Manager, StringComparer.Ordinal).ThenBy(g => g.Key.Operation, StringComparer.Ordinal)
            .Select(g => (Manager: g.Key.Describe(), Paths: g.Select(c => c.Path).Order(StringComparer.Ordinal).Select(FieldPaths.Display).ToList()))
            .ToList();
        var causes = new JsonArray();
        foreach (var (manager, paths) in byManager)
        {
            foreach (var path in paths)
            {
                causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = "conflict with " + manager, ["field"] = path });
            }
        }

        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: conflict with {byManager[0].Manager}: {byManager[0].Paths[0]}"
            : $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", byManager.Select(m => $"conflicts with {m.Manager}:\n" + string.Join("\n", m.Paths.Select(p => "- " + p))));
        // kube-apiserver's apply conflict carries the causes only, no name, group or kind.
        var details = new JsonObject { ["causes"] = causes };
        return new ApiException(409, "Conflict", message, details);
    }

    /// <summary>
    /// Fields this manager applied before but not now are removed unless some manager (this one included)
    /// still owns them; a list item goes with its key, so no part of it is left behind.
    /// </summary>
    static void RemoveReleasedFields(JsonObject merged, Schema schema, HashSet<string> before, HashSet<string> now, IEnumerable<ManagedFieldsEntry> others)
    {
        var owned = FieldPaths.WithNamedParents(others.SelectMany(e => e.Fields).Concat(now));

        // The configuration always names the object; its identity fields are not owned but never released.
        owned.Add("f:metadata");
        var released = FieldPaths.WithNamedParents(before);
        released.ExceptWith(owned);
        FieldPaths.Remove(merged, schema, released);
    }
}
