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
    IReadOnlyList<string>? Sources = null)
{
    /// <summary><c>--kubeconfig</c>: one kubeconfig file for a single cluster, instead of <see cref="Kubeconfigs"/>.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary><c>--context</c>: the context of <see cref="Kubeconfig"/> to use (default: its current-context).</summary>
    public string? Context { get; init; }

    /// <summary><c>kit diff -o</c> (<see cref="Output.OutputFormat"/>); null for the unified diff.</summary>
    public string? Output { get; init; }

    /// <summary><c>kit diff</c>: colour the unified diff (decided from <c>--color</c>, the terminal and NO_COLOR).</summary>
    public bool Color { get; init; }
}
