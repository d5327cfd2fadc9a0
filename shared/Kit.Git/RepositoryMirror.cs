using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// A bare local copy of the deployments repository, fetched on demand. Readers open their own
/// <see cref="Repository"/> on it; fetches are serialised per mirror folder.
/// </summary>
public sealed class RepositoryMirror(RepositorySettings settings)
{
    static readonly Dictionary<string, SemaphoreSlim> Locks = [];

    /// <summary>The repository this is a copy of.</summary>
    public RepositorySettings Settings => settings;

    /// <summary>The folder of the bare copy.</summary>
    public string Path { get; } = System.IO.Path.Combine(
        settings.WorkDirectory ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kit-git"),
        "mirror-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.Url)))[..16]);

    /// <summary>Clones when missing, then fetches every branch; returns the tip of the configured branch.</summary>
    public async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        settings.EnsureSecure();
        var gate = Gate(Path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(FetchNow, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Opens the bare copy for reading (dispose it).</summary>
    public Repository Open() => new(Path);

    /// <summary>True when the commit is already in the copy.</summary>
    public bool Contains(string sha)
    {
        if (!Repository.IsValid(Path))
        {
            return false;
        }

        using var repo = Open();
        return repo.Lookup<Commit>(sha) is not null;
    }

    /// <summary>Fetches unless the commit is already here.</summary>
    public async Task EnsureCommitAsync(string sha, CancellationToken cancellationToken)
    {
        if (!Contains(sha))
        {
            await FetchAsync(cancellationToken);
        }

        if (!Contains(sha))
        {
            throw new InvalidOperationException($"commit {sha} is not in {settings.DisplayUrl}");
        }
    }

    string FetchNow()
    {
        if (!Repository.IsValid(Path))
        {
            var staging = Path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Repository.Init(staging, isBare: true);
            using (var fresh = new Repository(staging))
            {
                fresh.Network.Remotes.Add("origin", GitUrls.ForLibGit2(settings.Url), "+refs/heads/*:refs/heads/*");
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            if (!Repository.IsValid(Path))
            {
                Directory.Move(staging, Path);
            }
        }

        using var repo = Open();
        var remote = repo.Network.Remotes["origin"];
        try
        {
            Commands.Fetch(repo, remote.Name, ["+refs/heads/*:refs/heads/*"], new FetchOptions
            {
                CredentialsProvider = GitUrls.Credentials(settings),
                Prune = true,
            }, null);
        }
        catch (LibGit2SharpException) when (!settings.Url.Contains("://", StringComparison.Ordinal) && !Directory.Exists(settings.Url))
        {
            // libgit2 says "unsupported URL protocol" of a path that is not there: say what is wrong.
            throw new LibGit2SharpException($"no repository at {settings.Url}: the folder does not exist");
        }
        catch (LibGit2SharpException e)
        {
            throw Masked(settings, e);
        }

        var branch = repo.Branches[settings.Branch]
            ?? throw new InvalidOperationException($"branch '{settings.Branch}' does not exist in {settings.DisplayUrl}");
        return branch.Tip.Sha;
    }

    /// <summary>
    /// The libgit2 error with the repository's credentials masked: libgit2 may echo the URL, and the message goes
    /// to logs, events and the console. The same exception when there was nothing to mask.
    /// </summary>
    internal static LibGit2SharpException Masked(RepositorySettings settings, LibGit2SharpException e)
    {
        var message = settings.Mask(e.Message);
        return message == e.Message ? e : new LibGit2SharpException(message);
    }

    static SemaphoreSlim Gate(string path)
    {
        lock (Locks)
        {
            if (!Locks.TryGetValue(path, out var gate))
            {
                Locks[path] = gate = new SemaphoreSlim(1, 1);
            }

            return gate;
        }
    }
}
