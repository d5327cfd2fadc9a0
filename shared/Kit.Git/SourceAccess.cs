namespace Kit.Git;

/// <summary>How to fetch one source: <c>Kit:Sources:&lt;name&gt;</c> in configuration, never in a repository.</summary>
public sealed class SourceAccess
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Allow a password over plain <c>http://</c>, as <c>Kit__Repository__AllowInsecureHttp</c> does for the deployments repository.</summary>
    public bool AllowInsecureHttp { get; set; }
}
