using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Kit.Git;

/// <summary>Turns configured repository locations into what libgit2 accepts, with credentials from settings only.</summary>
public static class GitUrls
{
    /// <summary>A plain path becomes absolute; URLs pass unchanged.</summary>
    public static string ForLibGit2(string url) =>
        url.Contains("://", StringComparison.Ordinal) ? url : System.IO.Path.GetFullPath(url);

    /// <summary>Username and password from configuration; none when not configured.</summary>
    public static CredentialsHandler? Credentials(RepositorySettings settings) =>
        string.IsNullOrEmpty(settings.Username) && string.IsNullOrEmpty(settings.Password)
            ? null
            : (_, _, _) => new UsernamePasswordCredentials { Username = settings.Username ?? "", Password = settings.Password ?? "" };
}
