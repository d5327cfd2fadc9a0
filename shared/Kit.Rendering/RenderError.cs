namespace Kit.Rendering;

/// <summary>A problem in the deployments repository, located by file and line where there is one.</summary>
public sealed record RenderError(string Message, string? File = null, int? Line = null, string? Cluster = null, string? Resource = null)
{
    /// <summary><c>path:line: message</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString()
    {
        var location = File is null ? "" : Line is null ? $"{File}: " : $"{File}:{Line}: ";
        var scope = (Cluster, Resource) switch
        {
            (null, null) => "",
            (not null, null) => $"cluster {Cluster}: ",
            (null, not null) => $"resource {Resource}: ",
            _ => $"cluster {Cluster}, resource {Resource}: ",
        };
        return location + scope + Message;
    }
}
