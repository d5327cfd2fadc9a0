namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit render</c>.</summary>
public sealed record RenderRequest(
    string? Repo,
    string? Ref = null,
    string? Conf = null,
    string? Out = null,
    string? Cluster = null,
    string? ClusterType = null,
    string? Resource = null,
    string? DeployId = null,
    bool FastRollback = false,
    bool Clean = false,
    string? WorkDirectory = null,
    IReadOnlyList<string>? Sources = null)
{
    /// <summary><c>--list</c>: list the clusters instead of rendering them.</summary>
    public bool List { get; init; }

    /// <summary>The <c>-o</c> format of <c>--list</c> (<see cref="Output.OutputFormat"/>); null for the table.</summary>
    public string? Output { get; init; }
}
