using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// Bare copies of the sources <c>kit.yaml</c> names, kept beside the deployments repository's copy, with credentials from
/// configuration only (<c>Kit__Sources__&lt;name&gt;__Username</c> / <c>__Password</c>); and the one ancestry check that
/// keeps a pin from going back.
/// </summary>
public sealed class SourceRepositories(string? workDirectory, IConfiguration? configuration = null)
{
    /// <summary>The configuration section whose <c>&lt;name&gt;:Username</c> / <c>:Password</c> are a source's credentials.</summary>
    public const string Section = "Kit:Sources";

    readonly ConcurrentDictionary<KitSource, RepositoryMirror> mirrors = new();

    /// <summary>The copy of <paramref name="source"/> (fetched on demand).</summary>
    public RepositoryMirror For(KitSource source) => mirrors.GetOrAdd(source, s =>
    {
        var section = configuration?.GetSection($"{Section}:{s.Name}");
        return new RepositoryMirror(new RepositorySettings
        {
            Url = s.Url,
            Branch = s.Branch,
            Username = section?["Username"],
            Password = section?["Password"],
            AllowInsecureHttp = bool.TryParse(section?["AllowInsecureHttp"], out var insecure) && insecure,
            WorkDirectory = workDirectory,
        });
    });

    /// <summary>
    /// Where <paramref name="candidate"/> stands against <paramref name="pinned"/> (null: nothing pinned), fetching the
    /// source when either commit is not in its copy yet. Blocks on the fetch: it runs inside a commit build.
    /// </summary>
    public SourceMove Compare(KitSource source, string? pinned, string candidate, CancellationToken cancellationToken)
    {
        var mirror = For(source);
        if (!mirror.Contains(candidate) || (pinned is not null && !mirror.Contains(pinned)))
        {
            mirror.FetchAsync(cancellationToken).GetAwaiter().GetResult();
        }

        if (!mirror.Contains(candidate))
        {
            return SourceMove.Missing;
        }

        if (pinned is null)
        {
            return SourceMove.Forward;
        }

        if (string.Equals(pinned, candidate, StringComparison.OrdinalIgnoreCase))
        {
            return SourceMove.Same;
        }

        if (!mirror.Contains(pinned))
        {
            // The pinned commit is gone from the source (a force push): nothing shows the candidate is newer.
            return SourceMove.NotDescendant;
        }

        using var repo = mirror.Open();
        var older = repo.Lookup<Commit>(pinned);
        var newer = repo.Lookup<Commit>(candidate);
        return repo.ObjectDatabase.FindMergeBase(older, newer)?.Sha == older.Sha ? SourceMove.Forward : SourceMove.NotDescendant;
    }

    /// <summary>The first line of the commit's message in the source's copy ("" when it is not there).</summary>
    public string Subject(KitSource source, string commit)
    {
        var mirror = For(source);
        if (!mirror.Contains(commit))
        {
            return "";
        }

        using var repo = mirror.Open();
        return repo.Lookup<Commit>(commit).MessageShort.Trim();
    }

    /// <summary>Why a pin of <paramref name="commit"/> is not written, for logs and events.</summary>
    public static string Refusal(SourceMove move, KitSource source, string? pinned, string commit) => move switch
    {
        SourceMove.Missing => $"commit {commit} is not in source '{source.Name}' ({GitUrls.Mask(source.Url)})",
        _ => $"source '{source.Name}' is pinned to {pinned}, and {commit} does not descend from it: an older pin is never written over a newer one",
    };
}
