using System.Text.Json;
using Kit.Git;

namespace Kit.CommitWatching.Sources;

/// <summary>What a push webhook of a service repository names: the pushed ref and the repository's URLs (GitHub's push payload).</summary>
sealed record SourcePush(string? Ref, IReadOnlyList<string> Urls)
{
    static readonly string[] UrlFields = ["clone_url", "git_url", "ssh_url", "html_url", "url"];

    /// <summary>The push in <paramref name="body"/>; an empty body or a ping names no ref. A body that is not JSON throws.</summary>
    public static SourcePush Parse(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new SourcePush(null, []);
        }

        using var json = JsonDocument.Parse(body, Kit.Hosting.JsonErrors.Options);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new SourcePush(null, []);
        }

        var pushed = root.TryGetProperty("ref", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var urls = new List<string>();
        if (root.TryGetProperty("repository", out var repository) && repository.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in UrlFields)
            {
                if (repository.TryGetProperty(field, out var url) && url.ValueKind == JsonValueKind.String && url.GetString() is { Length: > 0 } text)
                {
                    urls.Add(text);
                }
            }
        }

        return new SourcePush(pushed, urls);
    }

    /// <summary>True when the push moved <paramref name="source"/>'s branch of <paramref name="source"/>'s repository.</summary>
    public bool Moves(KitSource source) =>
        Ref == "refs/heads/" + source.Branch && Urls.Any(url => Key(url) == Key(source.Url));

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
}
