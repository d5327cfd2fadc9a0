using System.Text.RegularExpressions;

namespace Kit.Git;

/// <summary>The trailers kit writes into its commits, so a later reader knows who announced a commit.</summary>
public static partial class CommitTrailers
{
    public const string DeploymentId = "Kit-Deployment-Id";
    public const string SourceCommit = "Kit-Source-Commit";

    /// <summary>On a commit that moves a source's pin in <c>sources.lock.yaml</c>: the source's name (one trailer per source).</summary>
    public const string Source = "Kit-Source";

    /// <summary>On a <c>kit rollback</c> commit: the full sha of the commit whose tree it restores.</summary>
    public const string RollbackTo = "Kit-Rollback-To";

    /// <summary>Every deployment id named by a <c>Kit-Deployment-Id</c> trailer.</summary>
    public static IReadOnlyList<Guid> DeploymentIds(string message) =>
        [.. DeploymentIdLine().Matches(message).Select(m => Guid.TryParse(m.Groups[1].Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];

    public static bool HasDeploymentId(string message) => DeploymentIdLine().IsMatch(message);

    /// <summary>True for a commit <c>kit rollback</c> wrote (a <c>Kit-Rollback-To</c> trailer): its cause is <c>CommitCause.Rollback</c>.</summary>
    public static bool IsRollback(string message) => RollbackToLine().IsMatch(message);

    /// <summary>True for a commit kit wrote to pin <paramref name="source"/> (a <c>Kit-Source: name</c> trailer).</summary>
    public static bool PinsSource(string message, string source) =>
        SourceLine().Matches(message).Any(m => m.Groups[1].Value == source);

    [GeneratedRegex(@"^Kit-Source:[ \t]*(\S+)[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"^Kit-Deployment-Id:[ \t]*(\S+)[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentIdLine();

    [GeneratedRegex(@"^Kit-Rollback-To:[ \t]*[0-9a-f]{40}[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RollbackToLine();
}
