using System.CommandLine;

namespace Kit.Cli.Commands;

/// <summary><c>kit help [COMMAND…]</c>: the help of kit or of one of its commands, as <c>kit COMMAND --help</c> prints it.</summary>
public static class HelpCommand
{
    public static Command Create(Func<RootCommand> root)
    {
        var names = new Argument<string[]>("COMMAND") { Description = "The command (and subcommand) to explain; without it, kit itself", Arity = ArgumentArity.ZeroOrMore, HelpName = "COMMAND" };
        names.CompletionSources.Add(_ => root().Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        var command = new Command("help", """
            Show the help of kit or of a command.
            Example: kit help deploy
            """)
        {
            names,
        };
        command.SetAction(async (result, cancellationToken) => await Handler(root(), result.GetValue(names) ?? [], Console.Error, cancellationToken));
        return command;
    }

    /// <summary>Prints the help of the command <paramref name="names"/> leads to; a name kit does not have is a usage error.</summary>
    public static async Task<int> Handler(RootCommand root, IReadOnlyList<string> names, TextWriter error, CancellationToken cancellationToken)
    {
        Command command = root;
        foreach (var name in names)
        {
            if (command.Subcommands.FirstOrDefault(c => c.Name == name) is not { } sub)
            {
                var path = string.Join(' ', names.TakeWhile(n => n != name).Prepend("kit"));
                error.WriteLine($"kit help: {path} has no command '{name}' (see {path} --help)");
                return ExitCodes.Usage;
            }

            command = sub;
        }

        return await root.Parse([.. names, "--help"]).InvokeAsync(cancellationToken: cancellationToken);
    }
}
