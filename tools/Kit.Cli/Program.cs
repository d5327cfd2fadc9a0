using System.CommandLine;
using System.CommandLine.Help;
using Kit.Cli;
using Kit.Cli.Commands;

RootCommand root = null!;
root = new RootCommand("kit: continuous deployment of services to many Kubernetes clusters from one git repository.")
{
    PublishCommand.Create(),
    UpCommand.Create(),
    DemoCommand.Create(),
    RenderCommand.Create(),
    DeployCommand.Create(),
    DeployCommand.CreateDiff(),
    RollbackCommand.Create(),
    StatusCommand.Create(),
    HelpCommand.Create(() => root),
    VersionCommand.Create(),
    CompletionCommand.Create(() => root),
};

// No arguments asks what kit can do, as kubectl, argocd and flux answer it: the help, and success.
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
SharedOptions.PrintingHelp = parsed.Action is HelpAction || parsed.CommandResult.Command.Name == "help";
if (parsed.Errors.Count > 0)
{
    // One line, not the whole help text: the command that was meant and what was wrong with it.
    var command = parsed.CommandResult.Parent is null ? "kit" : "kit " + string.Join(' ', CommandPath(parsed.CommandResult));
    Console.Error.WriteLine($"{command}: {string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')))} (see {command} --help)");
    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();

static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Parent is not null
        ? CommandPath(parent).Append(result.Command.Name)
        : [result.Command.Name];
