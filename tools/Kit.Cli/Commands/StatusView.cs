using Kit.Contracts;
using Kit.Tracking.Queries;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kit.Cli.Commands;

/// <summary>How <c>kit status</c> draws deployments and clusters.</summary>
public static class StatusView
{
    /// <param name="d">The deployment.</param>
    /// <param name="wide">With <c>-o wide</c>: its ref, cause and completion too, and when each cluster reported.</param>
    public static IRenderable Deployment(DeploymentView d, bool wide = false)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]Deployment {d.Id}[/]  {Status(d.Status)}"),
            new Markup($"commit [blue]{Escape(d.CommitSha ?? "?")}[/]{(d.SourceImage is null ? "" : $"  image {Escape(d.SourceImage)}")}  started {d.StartedAt:u}"),
            Bar(d.Progress),
            new Markup(ProgressLine(d)),
        };
        if (wide)
        {
            rows.Insert(2, new Markup($"ref {Escape(d.Ref ?? "–")}  cause {Escape(d.Cause?.ToString().ToLowerInvariant() ?? "–")}  completed {d.CompletedAt?.ToString("u") ?? "–"}  repository {Escape(d.Repository ?? "–")}"));
        }

        if (d.Error is not null)
        {
            rows.Add(new Markup($"[red]{Escape(d.Error)}[/]"));
        }

        if (d.Clusters is { Count: > 0 } clusters)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Cluster", "Outcome", "Images", "Duration", "Error");
            if (wide)
            {
                table.AddColumn("Reported");
            }

            foreach (var c in clusters)
            {
                string[] cells =
                [
                    Escape(c.Cluster),
                    Outcome(c.Outcome, c.SkipReason),
                    Escape(string.Join(", ", c.Images)),
                    c.Duration is { } t ? $"{t.TotalSeconds:0.#}s" : "",
                    Escape(c.Error ?? ""),
                ];
                table.AddRow(wide ? [.. cells, c.ReportedAt?.ToString("u") ?? ""] : cells);
            }

            rows.Add(table);
        }

        return new Rows(rows);
    }

    /// <param name="deployments">The deployments, newest first.</param>
    /// <param name="wide">With <c>-o wide</c>: whole commits, and each one's ref, cause, image and completion.</param>
    public static IRenderable Deployments(IReadOnlyList<DeploymentView> deployments, bool wide = false)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Deployments").AddColumns("Deployment", "Commit", "Status", "Progress", "Started");
        if (wide)
        {
            table.AddColumns("Completed", "Ref", "Cause", "Image");
        }

        foreach (var d in deployments)
        {
            string[] cells = [d.Id.ToString(), Escape((wide ? d.CommitSha : Short(d.CommitSha)) ?? "?"), Status(d.Status), Summary(d.Progress), d.StartedAt.ToString("u")];
            table.AddRow(wide
                ? [.. cells, d.CompletedAt?.ToString("u") ?? "", Escape(d.Ref ?? ""), Escape(d.Cause?.ToString().ToLowerInvariant() ?? ""), Escape(d.SourceImage ?? "")]
                : cells);
        }

        return table;
    }

    /// <param name="clusters">Every cluster the tracker knows.</param>
    /// <param name="wide">With <c>-o wide</c>: whole commits, the deployment that put it there and when the cluster last reported.</param>
    public static IRenderable Clusters(IReadOnlyList<ClusterView> clusters, bool wide = false)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Clusters").AddColumns("Cluster", "Commit", "Images", "Deployed", "Last outcome");
        if (wide)
        {
            table.AddColumns("Deployment", "Last reported");
        }

        var drifted = clusters.Any(c => c.Drift is not null);
        if (drifted)
        {
            table.AddColumn("Drift");
        }

        foreach (var c in clusters)
        {
            var cells = new List<string>
            {
                Escape(c.Cluster),
                Escape((wide ? c.CurrentCommit : Short(c.CurrentCommit)) ?? "–"),
                Escape(string.Join(", ", c.CurrentImages)),
                c.DeployedAt?.ToString("u") ?? "",
                Outcome(c.LastOutcome, c.LastSkipReason) + (c.LastError is null ? "" : $" {Escape(c.LastError)}"),
            };
            if (wide)
            {
                cells.Add(c.CurrentDeploymentId?.ToString() ?? "");
                cells.Add(c.LastReportedAt.ToString("u"));
            }

            if (drifted)
            {
                cells.Add(c.Drift is { } d ? Drift(d) : "");
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    /// <summary>
    /// One cluster (<c>kit status CLUSTER</c>): what runs there, whether it is orphaned, its latest drift object by
    /// object, and the commits it was deployed at successfully, newest first: the choices for <c>kit rollback --to</c>.
    /// </summary>
    public static IRenderable Cluster(ClusterView c, IReadOnlyList<ClusterHistoryEntry> history, bool wide = false)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]Cluster {Escape(c.Cluster)}[/]{(c.Orphaned ? "  [yellow]orphaned: its folder was removed from the repository; its objects are kept (Kit__Deployer__PruneRemovedClusters=true prunes them)[/]" : "")}"),
            new Markup($"commit [blue]{Escape(c.CurrentCommit ?? "–")}[/]{(c.DeployedAt is { } at ? $"  deployed {at:u}" : "")}{(c.CurrentImages.Count == 0 ? "" : $"  images {Escape(string.Join(", ", c.CurrentImages))}")}"),
            new Markup($"last outcome {Outcome(c.LastOutcome, c.LastSkipReason)} at {c.LastReportedAt:u} (deployment {c.LastDeploymentId}){(c.LastError is null ? "" : $": [red]{Escape(c.LastError)}[/]")}"),
        };
        if (c.Drift is { } d)
        {
            rows.Add(new Markup("drift: " + Drift(d) + $" (since {d.Since:u}, commit {Escape(Short(d.CommitSha)!)})"));
            foreach (var o in d.Objects)
            {
                var what = o.Missing ? "deleted" : string.Join("; ", o.Fields);
                var by = o.Managers.Count == 0 ? "" : $" (by {string.Join(", ", o.Managers)})";
                rows.Add(new Markup($"  {Escape(ObjectName(o))}: {Escape(what + by)}"));
            }
        }

        var good = GoodCommits(history);
        var table = new Table().Border(TableBorder.Rounded).Title("Previous good commits").AddColumns("Commit", "Deployed", "Deployment", "Images");
        if (wide)
        {
            table.AddColumn("Duration");
        }

        foreach (var h in good)
        {
            string[] cells =
            [
                Escape(h.CommitSha) + (h.CommitSha == c.CurrentCommit ? " [green](current)[/]" : ""),
                h.ReportedAt.ToString("u"),
                h.DeploymentId.ToString(),
                Escape(string.Join(", ", h.Images)),
            ];
            table.AddRow(wide ? [.. cells, $"{h.Duration.TotalSeconds:0.#}s"] : cells);
        }

        rows.Add(good.Count == 0 ? new Markup("[grey]no successful deployment recorded[/]") : table);
        return new Rows(rows);
    }

    /// <summary>The commits the cluster was deployed at successfully, newest first, each once (its latest deployment).</summary>
    public static IReadOnlyList<ClusterHistoryEntry> GoodCommits(IReadOnlyList<ClusterHistoryEntry> history) =>
        history.Where(h => h.Outcome == DeploymentOutcome.Succeeded)
            .OrderByDescending(h => h.ReportedAt)
            .DistinctBy(h => h.CommitSha, StringComparer.Ordinal)
            .ToList();

    /// <summary>A cluster's drift in a few words: healed, or which object and fields drifted.</summary>
    static string Drift(ClusterDriftView d)
    {
        var count = $"{d.Objects.Count} object{(d.Objects.Count == 1 ? "" : "s")}";
        if (d.Healed)
        {
            return $"[green]healed {count} at {d.DetectedAt:u}[/]";
        }

        var first = d.Objects.Count == 0 ? null : d.Objects[0];
        var what = first is null ? count
            : $"{ObjectName(first)} {(first.Missing ? "deleted" : string.Join(", ", first.Fields.Select(f => f.Split(':')[0])))}{(d.Objects.Count > 1 ? $" and {d.Objects.Count - 1} more" : "")}";
        return d.Error is null ? $"[yellow]drifted: {Escape(what)}[/]" : $"[red]drifted, not healed: {Escape(what)}: {Escape(d.Error)}[/]";
    }

    static string ObjectName(DriftedObject o) => o.Namespace is null ? $"{o.Kind} {o.Name}" : $"{o.Kind} {o.Namespace}/{o.Name}";

    /// <summary>One line per change while watching.</summary>
    public static string ProgressLine(DeploymentView d) =>
        d.Planned || d.Status != DeploymentStatus.Running ? Summary(d.Progress) : $"waiting for the plan · {d.Progress.Completed} clusters reported";

    public static string Summary(DeploymentProgress p) =>
        $"{p.Percent}% ({p.Completed}/{p.Total}) · [green]{p.Successful} successful[/] · [red]{p.Failed} failed[/] · {p.Remaining} remaining";

    static IRenderable Bar(DeploymentProgress p)
    {
        var chart = new BreakdownChart().Width(60).HideTags();
        if (p.Total == 0)
        {
            return chart.AddItem("nothing to deploy", 1, Color.Grey);
        }

        return chart
            .AddItem("successful", p.Successful, Color.Green)
            .AddItem("failed", p.Failed, Color.Red)
            .AddItem("remaining", p.Remaining, Color.Grey);
    }

    static string Status(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Succeeded => "[green]succeeded[/]",
        DeploymentStatus.Failed => "[red]failed[/]",
        DeploymentStatus.NothingDeployed => "[grey]nothing deployed[/]",
        _ => "[yellow]running[/]",
    };

    static string Outcome(DeploymentOutcome? outcome, string? skipReason = null) => outcome switch
    {
        null => "[grey]pending[/]",
        DeploymentOutcome.Succeeded => "[green]succeeded[/]",
        DeploymentOutcome.Skipped when skipReason == TrackerQueries.OrphanedReason => "[yellow]orphaned[/]",
        DeploymentOutcome.Skipped => "[grey]unchanged[/]",
        DeploymentOutcome.TimedOut => "[red]timed out[/]",
        DeploymentOutcome.RolledBack => "[red]rolled back[/]",
        _ => "[red]failed[/]",
    };

    static string? Short(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit;

    static string Escape(string text) => Markup.Escape(text);
}
