using System.CommandLine;
using Kit.Cli.Demo;
using Spectre.Console;

namespace Kit.Cli.Commands;

/// <summary><c>kit demo</c>: the whole pipeline on simulated clusters, in one process, in seconds.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var clusters = new Option<int>("--clusters") { Description = "How many simulated clusters", DefaultValueFactory = _ => 3 };
        var keep = new Option<bool>("--keep") { Description = "Keep the deployments repository and kubeconfigs for inspection" };
        var failCluster = new Option<string?>("--fail-cluster") { Description = "Take this cluster's API server down, to see how a failed cluster is reported (the demo then expects exactly that one failure)" };
        var command = new Command("demo", """
            Deploy a new image of the sample service to simulated clusters: a deployments repository, the simulator
            and every service in one process, no broker and no cluster needed.
            Example: kit demo --clusters 5 --fail-cluster prod-1
            """)
        {
            clusters, keep, failCluster,
        };
        command.SetAction((result, cancellationToken) => Handler(
            new DemoOptions(result.GetValue(clusters), result.GetValue(keep), result.GetValue(failCluster)),
            CliConsole.Create(),
            cancellationToken));
        return command;
    }

    public static async Task<int> Handler(DemoOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (options.Clusters is < 1 or > 200)
        {
            console.MarkupLine("[red]kit: --clusters must be between 1 and 200[/]");
            return ExitCodes.Usage;
        }

        try
        {
            await using var demo = await DemoEnvironment.StartAsync(options, cancellationToken);
            console.MarkupLineInterpolated($"[grey]deployments repository[/] {demo.Repository}");
            console.MarkupLineInterpolated($"[grey]simulated clusters[/]    {string.Join(", ", demo.ClusterNames)} [grey]({demo.Kubeconfigs})[/]");
            var id = await demo.PublishAsync(cancellationToken);
            console.MarkupLineInterpolated($"[grey]published ImageBuilt[/]  {DemoEnvironment.NewImage} [grey]deployment {id}[/]");

            var view = await DemoProgressView.ShowAsync(console, demo, id, cancellationToken);
            DemoProgressView.Summary(console, demo, view);
            var completed = view.Completion.Task.IsCompletedSuccessfully ? view.Completion.Task.Result : null;
            var expectedFailures = options.FailCluster is null ? 0 : 1;
            return completed is { Error: null } && completed.Failed + completed.TimedOut == expectedFailures ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]kit: {e.Message}[/]");
            return ExitCodes.Usage;
        }
    }
}
