using LibGit2Sharp;

namespace Kit.Git;

/// <summary>Tells a git server that could not be reached from a repository that is wrong.</summary>
public static class GitErrors
{
    // libgit2's error classes for the network and TLS (GIT_ERROR_NET, GIT_ERROR_SSL).
    const int NetCategory = 12;
    const int SslCategory = 16;

    static readonly string[] UnreachableWords =
    [
        "failed to connect", "connection refused", "could not resolve", "failed to resolve address", "timed out",
        "network is unreachable", "no route to host", "connection reset", "failed to send request",
    ];

    /// <summary>True when <paramref name="e"/> says the server did not answer (refused, unknown host, timeout).</summary>
    public static bool IsUnreachable(Exception e) =>
        e is LibGit2SharpException
        && (Category(e) is NetCategory or SslCategory || UnreachableWords.Any(w => e.Message.Contains(w, StringComparison.OrdinalIgnoreCase)));

    static int? Category(Exception e) => e.Data["libgit2.category"] switch
    {
        int value => value,
        Enum value => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
