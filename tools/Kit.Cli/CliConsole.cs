using Spectre.Console;

namespace Kit.Cli;

/// <summary>The console kit's tables and coloured lines go to.</summary>
public static class CliConsole
{
    /// <summary>
    /// The width used when the output is piped or redirected: such output has no width, and Spectre would assume
    /// 80 columns and wrap every longer table row and line, which breaks <c>grep</c> and scripts.
    /// </summary>
    public const int RedirectedWidth = 4096;

    /// <summary>The standard output; as wide as the terminal, or <see cref="RedirectedWidth"/> when redirected.</summary>
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
