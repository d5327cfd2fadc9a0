namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit deploy</c> and <c>kit diff</c>.</summary>
public sealed record DeployRequest(
    string? Repo,
    string? Kubeconfigs,
    string? Branch = null,
    string? Ref = null,
    IReadOnlyList<string>? Clusters = null,
    bool DryRun = false,
    bool Diff = false,
    bool Force = false,
    bool CreateOnly = false,
    bool Raw = false,
    string? Strategy = null,
    string? DeployId = null,
    string? WorkDirectory = null,
    IReadOnlyList<string>? Sources = null);
