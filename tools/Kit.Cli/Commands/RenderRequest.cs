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
    IReadOnlyList<string>? Sources = null);
