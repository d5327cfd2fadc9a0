namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit demo</c>.</summary>
public sealed record DemoOptions(int Clusters = 3, bool Keep = false, string? FailCluster = null);
