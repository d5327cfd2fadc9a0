using System.Text;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.ImageUpdating.Tests;

/// <summary>
/// A deployments repository and service repositories (sources), bare, in one folder that one real <c>git daemon</c>
/// serves on 127.0.0.1; commits are made straight into them as people would push them.
/// </summary>
sealed class GitServedRepositories : IDisposable
{
    public const string Deployments = "deployments.git";
    readonly TempDirectory root;

    GitServedRepositories(TempDirectory root, GitDaemon daemon)
    {
        this.root = root;
        Daemon = daemon;
    }

    public GitDaemon Daemon { get; }

    /// <summary>An empty folder served by a started git daemon.</summary>
    public static async Task<GitServedRepositories> StartAsync()
    {
        var root = new TempDirectory("kit-sources");
        return new GitServedRepositories(root, await GitDaemon.StartAsync(root.Path));
    }

    public string Url(string name) => Daemon.Url(name);

    public string PathOf(string name) => root.Combine(name);

    /// <summary>A new bare repository <paramref name="name"/> with a first commit of <paramref name="files"/>; returns its sha.</summary>
    public string Create(string name, IReadOnlyDictionary<string, string> files)
    {
        Repository.Init(PathOf(name), isBare: true);
        using (var repo = new Repository(PathOf(name)))
        {
            repo.Refs.UpdateTarget("HEAD", "refs/heads/" + BareGitRepository.Branch);
        }

        return Commit(name, files, "First commit");
    }

    /// <summary>A source repository <c>name.git</c> holding a <c>kit-resources.yaml</c>; returns its first commit.</summary>
    public string CreateSource(string name) =>
        Create(name + ".git", new Dictionary<string, string> { [KitSource.ResourcesFile] = "resources: {}\n" });

    /// <summary>The deployments repository: kit.yaml listing <paramref name="sources"/>, sources.lock.yaml holding <paramref name="pins"/>.</summary>
    public void CreateDeployments(IReadOnlyDictionary<string, string> pins, params string[] sources)
    {
        var files = new Dictionary<string, string> { ["kit.yaml"] = KitYaml(sources) };
        if (pins.Count > 0)
        {
            files[SourcesLock.Path] = SourcesLock.Write(pins);
        }

        Create(Deployments, files);
    }

    /// <summary>A source repository <c>name.git</c> and the deployments repository listing it alone, pinned to its first commit (returned).</summary>
    public string CreatePinnedSource(string name)
    {
        var first = CreateSource(name);
        CreateDeployments(new Dictionary<string, string> { [name] = first }, name);
        return first;
    }

    public string Commit(string name, IReadOnlyDictionary<string, string> files, string message) =>
        BareGitRepository.CommitTo(PathOf(name), BareGitRepository.Branch, files, message);

    /// <summary>kit.yaml listing each source as a repository served here.</summary>
    public string KitYaml(params string[] sources) =>
        "sources:\n" + string.Concat(sources.Select(s => $"  - name: {s}\n    url: {Url(s + ".git")}\n    branch: main\n"));

    /// <summary>Moves a branch to any commit, as a force push would.</summary>
    public void Reset(string name, string sha)
    {
        using var repo = new Repository(PathOf(name));
        repo.Refs.UpdateTarget("refs/heads/" + BareGitRepository.Branch, sha);
    }

    public string Tip(string name)
    {
        using var repo = new Repository(PathOf(name));
        return repo.Branches[BareGitRepository.Branch].Tip.Sha;
    }

    /// <summary>The pins in the deployments repository's tip.</summary>
    public IReadOnlyDictionary<string, string> Pins() => SourcesLock.Parse(Read(Deployments, SourcesLock.Path));

    public string? Read(string name, string path)
    {
        using var repo = new Repository(PathOf(name));
        return repo.Branches[BareGitRepository.Branch].Tip[path]?.Target is Blob blob ? blob.GetContentText(Encoding.UTF8) : null;
    }

    /// <summary>The deployments repository's commits, newest first.</summary>
    public IReadOnlyList<(string Sha, string Message)> Log()
    {
        using var repo = new Repository(PathOf(Deployments));
        var filter = new CommitFilter { IncludeReachableFrom = repo.Branches[BareGitRepository.Branch].Tip, SortBy = CommitSortStrategies.Topological };
        return [.. repo.Commits.QueryBy(filter).Select(c => (c.Sha, c.Message))];
    }

    public void Dispose()
    {
        Daemon.Dispose();
        root.Dispose();
    }
}
