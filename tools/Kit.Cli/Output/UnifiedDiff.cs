using Kit.Contracts;

namespace Kit.Cli.Output;

/// <summary>
/// <c>kit diff</c>'s text: each object that would change as a unified diff of its changed fields, live (<c>---</c>)
/// against rendered (<c>+++</c>), one <c>path: value</c> line per field, so <c>patch</c>-aware tools and pagers read it.
/// Coloured as git colours a diff when <paramref name="color"/> is true.
/// </summary>
public sealed class UnifiedDiff(TextWriter output, bool color)
{
    const string Bold = "\u001b[1m";
    const string Red = "\u001b[31m";
    const string Green = "\u001b[32m";
    const string Cyan = "\u001b[36m";
    const string Reset = "\u001b[0m";

    /// <summary>One object: created, pruned, or configured with its field changes.</summary>
    public void Write(string cluster, ResourceAction resource)
    {
        var id = $"{cluster}/{resource.Kind}/{(resource.Namespace is null ? "" : resource.Namespace + "/")}{resource.Name}";
        switch (resource.Action)
        {
            case "created":
                Hunk("/dev/null", "rendered/" + id, [], [$"{resource.Kind} {Display(resource)}"]);
                return;
            case "pruned":
                Hunk("live/" + id, "/dev/null", [$"{resource.Kind} {Display(resource)}"], []);
                return;
        }

        var changes = resource.Changes.Select(FieldChange.Parse).ToList();
        if (changes.Count > 0)
        {
            Hunk("live/" + id, "rendered/" + id,
                changes.Where(c => c.Live is not null).Select(c => $"{c.Path}: {c.Live}").ToList(),
                changes.Where(c => c.Desired is not null).Select(c => $"{c.Path}: {c.Desired}").ToList());
        }
    }

    static string Display(ResourceAction resource) => (resource.Namespace is null ? "" : resource.Namespace + "/") + resource.Name;

    void Hunk(string from, string to, IReadOnlyList<string> removed, IReadOnlyList<string> added)
    {
        Line(Bold, $"--- {from}");
        Line(Bold, $"+++ {to}");
        Line(Cyan, $"@@ -{Range(removed.Count)} +{Range(added.Count)} @@");
        foreach (var line in removed)
        {
            Line(Red, "-" + line);
        }

        foreach (var line in added)
        {
            Line(Green, "+" + line);
        }
    }

    static string Range(int count) => count == 0 ? "0,0" : $"1,{count}";

    void Line(string style, string text) => output.WriteLine(color ? style + text + Reset : text);

    /// <summary>
    /// Whether to colour, as <c>--color</c> says: always, never, or (auto) on a terminal only, and never when
    /// NO_COLOR is set (https://no-color.org) or TERM is dumb.
    /// </summary>
    public static bool ShouldColor(string? mode, bool outputRedirected) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => !outputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb",
    };
}
