using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Kit.Cli.Output;

namespace Kit.Cli.Commands;

/// <summary><c>kit version</c>: kit's version, the commit it was built from when known, and the .NET runtime it runs on.</summary>
public static class VersionCommand
{
    /// <summary>What <c>kit version -o json|yaml</c> prints; the field names are a documented contract.</summary>
    public sealed record VersionInfo(string Version, string? Commit, string Runtime, string Platform);

    public static Command Create()
    {
        var format = new Option<string?>("--output", "-o") { Description = "json or yaml [default: one line]", HelpName = "json|yaml" };
        format.AcceptOnlyFromAmong(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("version", """
            Show kit's version, the commit it was built from (when known) and the .NET runtime.
            Example: kit version -o json
            """)
        {
            format,
        };
        command.SetAction(result =>
        {
            Write(Current(), result.GetValue(format), Console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The running kit's version: the assembly's informational version, <c>VERSION+COMMIT</c> when built from git.</summary>
    public static VersionInfo Current()
    {
        var informational = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return new VersionInfo(
            plus < 0 ? informational : informational[..plus],
            plus < 0 ? null : informational[(plus + 1)..],
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.RuntimeIdentifier);
    }

    public static void Write(VersionInfo version, string? format, TextWriter output)
    {
        if (OutputFormat.IsStructured(format))
        {
            StructuredWriter.Write(version, format!, output);
            return;
        }

        output.WriteLine($"kit {version.Version}{(version.Commit is null ? "" : $" (commit {version.Commit})")}, {version.Runtime}, {version.Platform}");
    }
}
