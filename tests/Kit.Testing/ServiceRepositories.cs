using Kit.Harness;
using LibGit2Sharp;

namespace Kit.Testing;

/// <summary>Service repositories (sources) as bare repositories, served by a real <c>git daemon</c> on 127.0.0.1.</summary>
public sealed class ServiceRepositories : IDisposable
{
    readonly TempDirectory root;

    ServiceRepositories(GitDaemon daemon, TempDirectory root)
    {
        Daemon = daemon;
        this.root = root;
    }

    public GitDaemon Daemon { get; }

    public static async Task<ServiceRepositories> StartAsync()
    {
        var folder = new TempDirectory("kit-sources");
        return new ServiceRepositories(await GitDaemon.StartAsync(folder.Path), folder);
    }

    /// <summary>The bare repository <paramref name="name"/>, created on first use; commits <paramref name="files"/> on main and returns the sha.</summary>
    public string Commit(string name, IReadOnlyDictionary<string, string> files, string message = "change")
    {
        var path = Path(name);
        if (!Repository.IsValid(path))
        {
            Repository.Init(path, isBare: true);
            using var repo = new Repository(path);
            repo.Refs.UpdateTarget("HEAD", "refs/heads/" + BareGitRepository.Branch);
        }

        return BareGitRepository.CommitTo(path, BareGitRepository.Branch, files, message);
    }

    /// <summary>The folder of the bare repository <paramref name="name"/>.</summary>
    public string Path(string name) => root.Combine(name + ".git");

    /// <summary>The git:// URL the daemon serves <paramref name="name"/> at.</summary>
    public string Url(string name) => Daemon.Url(name + ".git");

    public void Dispose()
    {
        Daemon.Dispose();
        root.Dispose();
    }
}
