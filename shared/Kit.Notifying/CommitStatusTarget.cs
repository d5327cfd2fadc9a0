namespace Kit.Notifying;

/// <summary>Where a commit's status goes: a GitHub repository (<c>github:owner/name</c>) or a GitLab project (<c>gitlab:group/project</c> or its numeric id).</summary>
public sealed record CommitStatusTarget(CommitStatusProvider Provider, string Project)
{
    /// <summary>Reads <c>github:owner/name</c> or <c>gitlab:path-or-id</c>; null when the value is neither.</summary>
    public static CommitStatusTarget? Parse(string? value)
    {
        var parts = value?.Trim().Split(':', 2);
        if (parts is not [var provider, var project] || project.Length == 0 || project.Any(char.IsWhiteSpace) || project.StartsWith('/') || project.EndsWith('/'))
        {
            return null;
        }

        return provider.ToLowerInvariant() switch
        {
            "github" when project.Split('/') is [{ Length: > 0 }, { Length: > 0 }] => new(CommitStatusProvider.GitHub, project),
            "gitlab" => new(CommitStatusProvider.GitLab, project),
            _ => null,
        };
    }

    public override string ToString() => $"{(Provider == CommitStatusProvider.GitHub ? "github" : "gitlab")}:{Project}";
}
