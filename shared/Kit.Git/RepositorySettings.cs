using System.ComponentModel.DataAnnotations;

namespace Kit.Git;

/// <summary>The deployments repository: <c>Kit:Repository</c>.</summary>
public sealed class RepositorySettings : IValidatableObject
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

    /// <summary>Allow a password over plain <c>http://</c>, where anyone on the path can read it.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The configuration prefix named in messages: <c>Kit__Repository</c>, or a source's <c>Kit__Sources__&lt;name&gt;</c>.</summary>
    internal string SettingPrefix { get; init; } = "Kit__Repository";

    /// <summary>The URL with its credentials masked, for events and logs.</summary>
    public string DisplayUrl => GitUrls.Mask(Url);

    /// <summary>The text with this repository's credentials masked: the URL's, and the configured password.</summary>
    public string Mask(string? text) => GitUrls.Mask(text, [Password, .. GitUrls.PasswordsIn(Url)]);

    /// <summary>Why these settings must not be used: a password over plain http unless allowed; null when they may.</summary>
    public string? InsecureReason()
    {
        if (AllowInsecureHttp || !Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var where = GitUrls.HasPassword(Url) ? "a password in its user part" : !string.IsNullOrEmpty(Password) ? SettingPrefix + "__Password" : null;
        return where is null
            ? null
            : $"{(SettingPrefix == "Kit__Repository" ? "Kit__Repository__Url" : SettingPrefix + " url")} {DisplayUrl} is plain http:// and would send {where} unencrypted; use https:// or set {SettingPrefix}__AllowInsecureHttp=true";
    }

    /// <summary>Throws <see cref="InsecureRepositoryException"/> when <see cref="InsecureReason"/> says so.</summary>
    public void EnsureSecure()
    {
        if (InsecureReason() is { } reason)
        {
            throw new InsecureRepositoryException(reason);
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InsecureReason() is { } reason)
        {
            yield return new ValidationResult(reason, [nameof(AllowInsecureHttp)]);
        }
    }
}
