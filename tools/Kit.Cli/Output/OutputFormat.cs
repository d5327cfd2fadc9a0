using System.CommandLine;

namespace Kit.Cli.Output;

/// <summary>The <c>-o</c> formats of kit's listing commands, as kubectl, argocd and flux name them.</summary>
public static class OutputFormat
{
    public const string Json = "json";
    public const string Yaml = "yaml";
    public const string Wide = "wide";

    /// <summary><c>-o, --output json|yaml|wide</c>; without it, the command's table or text.</summary>
    /// <param name="wide">What <c>wide</c> adds, e.g. "more columns".</param>
    /// <param name="plain">What the command prints without <c>-o</c>, e.g. "a table".</param>
    public static Option<string?> Option(string wide, string plain)
    {
        var option = new Option<string?>("--output", "-o")
        {
            Description = $"json or yaml (stable field names, for scripts), or wide: {wide} [default: {plain}]",
            HelpName = "json|yaml|wide",
        };
        option.AcceptOnlyFromAmong(Json, Yaml, Wide);
        return option;
    }

    /// <summary>True for json and yaml: the formats that print data instead of a table.</summary>
    public static bool IsStructured(string? format) => format is Json or Yaml;
}
