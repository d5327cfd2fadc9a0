namespace Kit.Git;

/// <summary>
/// <c>Kit:Sources</c>: each source's credentials by its name (<c>Kit__Sources__&lt;name&gt;__Username</c> /
/// <c>__Password</c>); the sources themselves are listed in <c>kit.yaml</c>.
/// </summary>
public sealed class SourcesSettings() : Dictionary<string, SourceAccess>(StringComparer.OrdinalIgnoreCase)
{
    public const string Section = "Kit:Sources";

    /// <summary>
    /// The repository settings to fetch <paramref name="source"/> with: its URL and branch from <c>kit.yaml</c>, its
    /// credentials from here, its bare copy under <paramref name="workDirectory"/> (the deployments repository's).
    /// </summary>
    public RepositorySettings For(KitSource source, string? workDirectory)
    {
        var access = TryGetValue(source.Name, out var found) ? found : null;
        return new RepositorySettings
        {
            Url = source.Url,
            Branch = source.Branch,
            Username = access?.Username,
            Password = access?.Password,
            AllowInsecureHttp = access?.AllowInsecureHttp ?? false,
            WorkDirectory = workDirectory,
            SettingPrefix = "Kit__Sources__" + source.Name,
        };
    }

    /// <summary>The settings in the process environment (<c>Kit__Sources__&lt;name&gt;__…</c>), for the CLI.</summary>
    public static SourcesSettings FromEnvironment()
    {
        var settings = new SourcesSettings();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is not string key || variable.Value is not string value
                || !key.StartsWith("Kit__Sources__", StringComparison.OrdinalIgnoreCase) || key.Split("__") is not [_, _, var name, var setting])
            {
                continue;
            }

            var access = settings.TryGetValue(name, out var found) ? found : settings[name] = new SourceAccess();
            if (setting.Equals(nameof(SourceAccess.Username), StringComparison.OrdinalIgnoreCase))
            {
                access.Username = value;
            }
            else if (setting.Equals(nameof(SourceAccess.Password), StringComparison.OrdinalIgnoreCase))
            {
                access.Password = value;
            }
            else if (setting.Equals(nameof(SourceAccess.AllowInsecureHttp), StringComparison.OrdinalIgnoreCase))
            {
                access.AllowInsecureHttp = bool.TryParse(value, out var allowed) && allowed;
            }
        }

        return settings;
    }
}
