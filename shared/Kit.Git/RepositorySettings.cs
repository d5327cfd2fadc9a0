using System.ComponentModel.DataAnnotations;

namespace Kit.Git;

/// <summary>The deployments repository: <c>Kit:Repository</c>.</summary>
public sealed class RepositorySettings
{
    public const string Section = "Kit:Repository";

    /// <summary>A path, or a file://, git:// or https:// URL.</summary>
    [Required(ErrorMessage = "Kit__Repository__Url is not set: give the deployments repository as a path or a file://, git:// or https:// URL")]
    public string Url { get; set; } = "";

    [Required(ErrorMessage = "Kit__Repository__Branch must not be empty")]
    public string Branch { get; set; } = "main";

    /// <summary>For https: never taken from the repository itself.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Where local clones are kept; default: a folder under the system temp folder.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>The URL without credentials, for events and logs.</summary>
    public string DisplayUrl => RedactUrl(Url);

    public static string RedactUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? url.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : url;
}
