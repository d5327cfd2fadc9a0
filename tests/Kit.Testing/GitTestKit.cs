using Kit.Git;
using Kit.Harness;
using Kit.ImageUpdating;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kit.Testing;

/// <summary>Builds image-deployers and updates for the tests.</summary>
public static class GitTestKit
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static RepositorySettings Settings(string url, TempDirectory work, string? username = null, string? password = null) => new()
    {
        Url = url,
        Branch = BareGitRepository.Branch,
        WorkDirectory = work.Path,
        Username = username,
        Password = password,

        // The test's git server is plain http on 127.0.0.1.
        AllowInsecureHttp = true,
    };

    /// <summary>A started writer, as its host would start it; disposing it stops it.</summary>
    public static ImageWriter Deployer(RepositorySettings repository, ImageDeployerSettings? settings = null)
    {
        var writer = new ImageWriter(new RepositoryMirror(repository), settings ?? new ImageDeployerSettings { BatchWindowMilliseconds = 0, BackoffMilliseconds = 5, MaxBackoffMilliseconds = 100 }, NullLogger<ImageWriter>.Instance);
        writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return writer;
    }

    public static ImageUpdate Update(string key, string image, DateTimeOffset? builtAt = null, string branch = "main", Guid? id = null) => new(
        id ?? Guid.NewGuid(), image, key, branch, "0123456789abcdef0123456789abcdef01234567", "CI Bot", "ci@example.com", builtAt ?? Monday, "Build 42");

    public static async Task<ImageUpdateResult> WriteAsync(this ImageWriter deployer, ImageUpdate update)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await deployer.SubmitAsync(update, timeout.Token);
    }
}
