using System.CommandLine;

namespace Kit.Cli;

/// <summary><c>--source NAME=PATH</c>: a local working copy of a service repository rendered instead of its pinned commit.</summary>
public static class SourceFlags
{
    public static Option<string[]> Option() => new("--source")
    {
        Description = "Render source NAME from the working tree at PATH instead of its pinned commit (repeat for several sources)",
        HelpName = "NAME=PATH",
    };

    /// <summary>The local copies by source name; null, with <paramref name="problem"/>, when a value is not NAME=PATH of an existing folder.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(IReadOnlyList<string>? values, out string? problem)
    {
        problem = null;
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? value[..equals] : "";
            var path = equals > 0 ? value[(equals + 1)..] : "";
            if (!Kit.Git.KitConfig.IsSourceName(name) || path.Length == 0)
            {
                problem = $"--source {value}: give NAME=PATH (a source name from kit.yaml and the folder of its working copy)";
                return null;
            }

            if (!Directory.Exists(path))
            {
                problem = $"--source {value}: the folder {path} does not exist";
                return null;
            }

            if (!copies.TryAdd(name, Path.GetFullPath(path)))
            {
                problem = $"--source {name} is given twice";
                return null;
            }
        }

        return copies;
    }
}
