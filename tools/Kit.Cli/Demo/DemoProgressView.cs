using Kit.Contracts;
using Spectre.Console;

namespace Kit.Cli.Demo;

/// <summary>Progress bars per cluster while a deployment runs, then its summary table.</summary>
public static class DemoProgressView
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<DeploymentView> ShowAsync(IAnsiConsole console, DemoEnvironment demo, Guid id, CancellationToken cancellationToken)
    {
        var view = demo.Progress.For(id);
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = demo.ClusterNames.ToDictionary(n => n, n => context.AddTask(Describe(n, "waiting"), maxValue: 3));
                var deadline = DateTime.UtcNow + Timeout;
                while (!view.Completion.Task.IsCompleted && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
                {
                    Update(view, tasks);
                    await Task.Delay(100, CancellationToken.None);
                }

                Update(view, tasks);
            });
        return view;
    }

    public static void Summary(IAnsiConsole console, DemoEnvironment demo, DeploymentView view)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("cluster", "commit", "image", "outcome", "time");
        foreach (var name in demo.ClusterNames)
        {
            if (view.Clusters.TryGetValue(name, out var deployed))
            {
                table.AddRow(
                    Markup.Escape(name),
                    deployed.CommitSha[..Math.Min(7, deployed.CommitSha.Length)],
                    Markup.Escape(string.Join(", ", deployed.Images.Distinct())),
                    Outcome(deployed),
                    $"{deployed.Duration.TotalSeconds:0.0} s");
            }
            else
            {
                table.AddRow(Markup.Escape(name), "", "", "[yellow]no report[/]", "");
            }
        }

        console.Write(table);
        if (view.Completion.Task.IsCompletedSuccessfully)
        {
            var done = view.Completion.Task.Result;
            console.MarkupLineInterpolated($"DeploymentCompleted: {done.Succeeded} succeeded, {done.Failed} failed, {done.TimedOut} timed out of {done.Total} in {(done.CompletedAt - done.StartedAt).TotalSeconds:0.0} s");
            foreach (var failure in done.Failures)
            {
                console.MarkupLineInterpolated($"  [red]{failure.Cluster}[/]: {failure.Reason}");
            }
        }
        else
        {
            console.MarkupLine("[red]the deployment did not complete in time[/]");
            foreach (var failure in view.Failures)
            {
                console.MarkupLineInterpolated($"  [red]{failure}[/]");
            }
        }

        var (sha, subject) = DeploymentsRepository.Tip(demo.Repository);
        console.MarkupLineInterpolated($"git log: {sha[..7]} {subject}");
    }

    static void Update(DeploymentView view, Dictionary<string, ProgressTask> tasks)
    {
        foreach (var (name, task) in tasks)
        {
            if (view.Clusters.TryGetValue(name, out var deployed))
            {
                task.Value = 3;
                task.Description = Describe(name, Outcome(deployed));
            }
            else if (view.Planned?.Clusters.Contains(name) == true)
            {
                task.Value = 2;
                task.Description = Describe(name, "deploying");
            }
            else if (view.Committed is not null)
            {
                task.Value = 1;
                task.Description = Describe(name, "rendering");
            }
        }
    }

    static string Describe(string cluster, string state) => $"{Markup.Escape(cluster),-12} {state}";

    static string Outcome(ClusterDeployed deployed) => deployed.Outcome switch
    {
        DeploymentOutcome.Succeeded => "[green]succeeded[/]",
        DeploymentOutcome.Skipped => $"[grey]skipped ({Markup.Escape(deployed.SkipReason ?? "")})[/]",
        _ => $"[red]{deployed.Outcome.ToString().ToLowerInvariant()}[/]",
    };
}
