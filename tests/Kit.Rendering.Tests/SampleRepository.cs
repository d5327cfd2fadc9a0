using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.Rendering.Tests;

/// <summary>A copy of samples/ in a temporary folder, changed per test, optionally committed to git.</summary>
public sealed class SampleRepository : IDisposable
{
    readonly TempDirectory folder = new("kit-render");

    public SampleRepository()
    {
        var samples = FindSamples();
        foreach (var file in Directory.GetFiles(samples, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(samples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root => folder.Path;

    public SampleRepository Write(string path, string text)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    /// <summary>Commits everything on branch main and returns the sha.</summary>
    public string Commit(string message = "change")
    {
        if (!Repository.IsValid(Root))
        {
            Repository.Init(Root);
            using var init = new Repository(Root);
            init.Refs.UpdateTarget("HEAD", "refs/heads/main");
        }

        using var repo = new Repository(Root);
        Commands.Stage(repo, "*");
        var signature = new Signature("kit test", "test@example.com", DateTimeOffset.UtcNow);
        return repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true }).Sha;
    }

    public void Dispose() => folder.Dispose();

    static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(candidate, "kit.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/ not found above " + AppContext.BaseDirectory);
    }
}
