using System.Text.RegularExpressions;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Kit.Git;

/// <summary>Turns configured repository locations into what libgit2 accepts, with credentials from settings only.</summary>
public static partial class GitUrls
{
    /// <summary>What credentials are replaced with in every line kit prints or logs.</summary>
    public const string Masked = "***";

    /// <summary>A plain path becomes absolute; URLs pass unchanged.</summary>
    public static string ForLibGit2(string url) =>
        url.Contains("://", StringComparison.Ordinal) ? url : System.IO.Path.GetFullPath(url);

    /// <summary>Username and password from configuration; none when not configured.</summary>
    public static CredentialsHandler? Credentials(RepositorySettings settings) =>
        string.IsNullOrEmpty(settings.Username) && string.IsNullOrEmpty(settings.Password)
            ? null
            : (_, _, _) => new UsernamePasswordCredentials { Username = settings.Username ?? "", Password = settings.Password ?? "" };

    /// <summary>
    /// The text with the user part of every URL in it masked (<c>https://***@host/…</c>), and each of
    /// <paramref name="secrets"/> wherever it appears: the one place kit hides git credentials, so a URL, an error
    /// from libgit2 or git, and a log line all hide them the same way. Works on text that is no valid URL too.
    /// </summary>
    public static string Mask(string? text, params IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Masked, StringComparison.Ordinal);
            }
        }

        return UserInfo().Replace(text, "${scheme}" + Masked + "@");
    }

    /// <summary>True when the URL carries a password (<c>user:password@</c>) in its user part.</summary>
    public static bool HasPassword(string url)
    {
        var match = UserInfo().Match(url);
        return match.Success && match.Index == 0 && match.Groups["userinfo"].Value.Contains(':', StringComparison.Ordinal);
    }

    /// <summary>The password of the URL's user part, raw and percent-decoded, to mask where a tool echoes it.</summary>
    public static IEnumerable<string> PasswordsIn(string url)
    {
        var match = UserInfo().Match(url);
        if (!match.Success || match.Groups["userinfo"].Value.Split(':', 2) is not [_, { Length: > 0 } password])
        {
            yield break;
        }

        yield return password;
        yield return Uri.UnescapeDataString(password);
    }

    // scheme://userinfo@ with the userinfo up to the last '@' before the path: a password with a raw '@' is hidden whole.
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?<userinfo>[^/\s?#]*)@")]
    private static partial Regex UserInfo();
}
