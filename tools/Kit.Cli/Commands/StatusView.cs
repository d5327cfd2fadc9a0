using Kit.Contracts;
using Kit.Tracking.Queries;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kit.Cli.Commands;

/// <summary>How <c>kit status</c> draws deployments and clusters.</summary>
public static class StatusView
{
    public static IRenderable Deployment(DeploymentView d)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]Deployment {d.Id}[/]  {Status(d.Status)}"),
            new Markup($"commit [blue]{Escape(d.CommitSha ?? "?")}[/]{(d.SourceImage is null ? "" : $"  image {Escape(d.SourceImage)}")}  started {d.StartedAt:u}"),
            Bar(d.Progress),
            new Markup(ProgressLine(d)),
        };
        if (d.Error is not null)
        {
            rows.Add(new Markup($"[red]{Escape(d.Error)}[/]"));
        }

        if (d.Clusters is { Count: > 0 } clusters)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Cluster", "Outcome", "Images", "Duration", "Error");
            foreach (var c in clusters)
            {
                table.AddRow(
                    Escape(c.Cluster),
                    Outcome(c.Outcome),
                    Escape(string.Join(", ", c.Images)),
                    c.Duration is { } t ? $"{t.TotalSeconds:0.#}s" : "",
                    Escape(c.Error ?? ""));
            }

            rows.Add(table);
        }

        return new Rows(rows);
    }

    public static IRenderable Deployments(IReadOnlyList<DeploymentView> deployments)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Deployments").AddColumns("Deployment", "Commit", "Status", "Progress", "Started");
        foreach (var d in deployments)
        {
            table.AddRow(d.Id.ToString(), Escape(Short(d.CommitSha) ?? "?"), Status(d.Status), Summary(d.Progress), d.StartedAt.ToString("u"));
        }

        return table;
    }

    public static IRenderable Clusters(IReadOnlyList<ClusterView> clusters)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Clusters").AddColumns("Cluster", "Commit", "Images", "Deployed", "Last outcome");
        foreach (var c in clusters)
        {
            table.AddRow(
                Escape(c.Cluster),
                Escape(Short(c.CurrentCommit) ?? "–"),
                Escape(string.Join(", ", c.CurrentImages)),
                c.DeployedAt?.ToString("u") ?? "",
                Outcome(c.LastOutcome) + (c.LastError is null ? "" : $" {Escape(c.LastError)}"));
        }

        return table;
    }

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

    static string Outcome(DeploymentOutcome? outcome) => outcome switch
    {
        null => "[grey]pending[/]",
        DeploymentOutcome.Succeeded => "[green]succeeded[/]",
        DeploymentOutcome.Skipped => "[grey]unchanged[/]",
        DeploymentOutcome.TimedOut => "[red]timed out[/]",
        DeploymentOutcome.RolledBack => "[red]rolled back[/]",
        _ => "[red]failed[/]",
    };

    static string? Short(string? commit) => commit is { Length: > 12 } ? commit[..12] : commit;

    static string Escape(string text) => Markup.Escape(text);
}
