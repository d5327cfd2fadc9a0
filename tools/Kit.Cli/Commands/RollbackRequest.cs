namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit rollback</c>.</summary>
public sealed record RollbackRequest(
    string? To,
    string? Repo,
    string? Branch = null,
    IReadOnlyList<string>? Paths = null,
    string? WorkDirectory = null);
