using Kit.Harness;
using LibGit2Sharp;

namespace Kit.Testing;

/// <summary>A copy of samples/ in a temporary folder, changed per test, optionally committed to git.</summary>
public sealed class SampleCopy : IDisposable
{
    readonly TempDirectory folder = new("kit-render");

    public SampleCopy() => CopyTo(Root);

    public string Root => folder.Path;

    public SampleCopy Write(string path, string text)
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

    /// <summary>Copies the files of <c>samples/</c> into <paramref name="folder"/>.</summary>
    public static void CopyTo(string folder)
    {
        var samples = RepositoryRoot.Combine("samples");
        foreach (var file in Directory.GetFiles(samples, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(samples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
