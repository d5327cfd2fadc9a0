namespace Kit.Git;

/// <summary>
/// A service repository named in <c>kit.yaml</c>'s <c>sources:</c> list: it provides resources (its
/// <c>kit-resources.yaml</c> and the templates they name, under <see cref="Path"/>), rendered at the commit that
/// <c>sources.lock.yaml</c> pins. Credentials are never here: <c>Kit__Sources__&lt;name&gt;__Username</c> /
/// <c>__Password</c> in configuration.
/// </summary>
/// <param name="Name">Lower-case letters, digits and '-': the key in <c>sources.lock.yaml</c> and in configuration.</param>
/// <param name="Url">Where to fetch it (the same URL rules as the deployments repository).</param>
/// <param name="Branch">The branch whose tip is pinned when it moves.</param>
/// <param name="Path">The folder inside the source that holds <c>kit-resources.yaml</c>; "" is its root.</param>
public sealed record KitSource(string Name, string Url, string Branch, string Path)
{
    /// <summary>The file in a source's folder that lists the resources it provides.</summary>
    public const string ResourcesFile = "kit-resources.yaml";
}
