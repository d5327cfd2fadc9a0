using System.Text.Json;

namespace Kit.CommitWatching;

/// <summary>What a push webhook says was pushed: the full refs (<c>refs/heads/main</c>), each one's new sha, and the repository's URL.</summary>
public sealed record PushPayload(IReadOnlyList<PushedRef> Refs, string? RepositoryUrl)
{
    public static readonly PushPayload Empty = new([], null);

    /// <summary>True when the push moved <paramref name="branch"/> of the repository at <paramref name="url"/> (any URL of it: see <see cref="Key"/>).</summary>
    public bool Moves(string url, string branch) =>
        RepositoryUrl is not null && Refs.Any(r => r.Ref == "refs/heads/" + branch) && Key(RepositoryUrl) == Key(url);

    /// <summary>
    /// A repository URL reduced to host and path, so that the https, git, ssh and web URLs of one repository match:
    /// no scheme, no user, scp-style <c>host:path</c> as <c>host/path</c>, no trailing <c>/</c> or <c>.git</c>, lower case.
    /// </summary>
    public static string Key(string url)
    {
        var key = url.Trim();
        var scheme = key.IndexOf("://", StringComparison.Ordinal);
        var scp = scheme < 0;
        if (!scp)
        {
            key = key[(scheme + 3)..];
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var at = key.LastIndexOf('@', slash < 0 ? key.Length - 1 : slash);
        if (at >= 0)
        {
            key = key[(at + 1)..];
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        slash = key.IndexOf('/', StringComparison.Ordinal);
        if (scp && colon > 0 && (slash < 0 || colon < slash))
        {
            key = key[..colon] + "/" + key[(colon + 1)..].TrimStart('/');
        }

        key = key.TrimEnd('/');
        if (key.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            key = key[..^4];
        }

        return key.ToLowerInvariant();
    }

    /// <summary>
    /// The GitHub shape, which GitLab, Gitea, Forgejo and kit's generic webhook share: <c>ref</c>, <c>after</c>, and the
    /// repository as <c>repository.clone_url</c> (GitHub, Gitea), <c>project.git_http_url</c> (GitLab) or a plain
    /// <c>repository</c> string (generic). A bare branch name in <c>ref</c> means <c>refs/heads/</c> that branch.
    /// </summary>
    public static PushPayload ReadRefStyle(JsonElement root)
    {
        var url = Text(root, "repository", "clone_url") ?? Text(root, "project", "git_http_url") ?? Text(root, "repository", "git_http_url")
            ?? Text(root, "repository", "html_url") ?? Text(root, "repository");
        return Text(root, "ref") is { Length: > 0 } pushed
            ? new PushPayload([new PushedRef(pushed.StartsWith("refs/", StringComparison.Ordinal) ? pushed : "refs/heads/" + pushed, Text(root, "after"))], url)
            : Empty with { RepositoryUrl = url };
    }

    /// <summary>
    /// Bitbucket Cloud's <c>push.changes[].new</c> (<c>type</c>, <c>name</c>, <c>target.hash</c>; <c>old</c> for a deleted branch)
    /// with <c>repository.links.html.href</c>, or Bitbucket Server's <c>changes[]</c> (<c>ref.id</c>, <c>toHash</c>) with
    /// <c>repository.links.clone[].href</c>.
    /// </summary>
    public static PushPayload ReadBitbucket(JsonElement root)
    {
        var refs = new List<PushedRef>();
        if (Element(root, "push", "changes") is { ValueKind: JsonValueKind.Array } cloud)
        {
            foreach (var change in cloud.EnumerateArray())
            {
                var side = Element(change, "new") is { ValueKind: JsonValueKind.Object } created ? created : Element(change, "old");
                if (side is { ValueKind: JsonValueKind.Object } state && Text(state, "name") is { Length: > 0 } name)
                {
                    var kind = Text(state, "type") == "tag" ? "refs/tags/" : "refs/heads/";
                    refs.Add(new PushedRef(kind + name, Text(state, "target", "hash")));
                }
            }

            return new PushPayload(refs, Text(root, "repository", "links", "html", "href"));
        }

        if (Element(root, "changes") is { ValueKind: JsonValueKind.Array } server)
        {
            foreach (var change in server.EnumerateArray())
            {
                if ((Text(change, "ref", "id") ?? Text(change, "refId")) is { Length: > 0 } id)
                {
                    refs.Add(new PushedRef(id, Text(change, "toHash")));
                }
            }
        }

        var clone = Element(root, "repository", "links", "clone") is { ValueKind: JsonValueKind.Array } links
            ? links.EnumerateArray().Select(l => Text(l, "href")).OfType<string>().OrderBy(h => h.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? 0 : 1).FirstOrDefault()
            : null;
        return new PushPayload(refs, clone);
    }

    static string? Text(JsonElement root, params string[] path) =>
        Element(root, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    static JsonElement? Element(JsonElement root, params string[] path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }
}
