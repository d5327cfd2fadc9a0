using System.Diagnostics;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// Pushes one commit to the deployments branch, never forced: true when it landed, false when the branch
/// moved first (fetch, re-apply and push again). Network URLs go through libgit2, whose server (git
/// receive-pack) checks the old value under the ref lock. A local path goes through <c>git push</c>:
/// libgit2's local transport overwrites the ref without that check and would lose a concurrent push.
/// </summary>
public static class GitPush
{
    const string OutgoingRef = "refs/kit/outgoing";

    public static async Task<bool> PushAsync(RepositorySettings settings, string mirrorPath, string commitSha, TimeSpan timeout, CancellationToken cancellationToken)
    {
        settings.EnsureSecure();
        var target = "refs/heads/" + settings.Branch;
        if (IsLocal(settings.Url))
        {
            return await PushWithGitAsync(mirrorPath, LocalPath(settings.Url), commitSha, target, timeout, cancellationToken);
        }

        return await Task.Run(() => PushWithLibGit2(settings, mirrorPath, commitSha, target), cancellationToken)
            .WaitAsync(timeout, cancellationToken);
    }

    public static bool IsLocal(string url) =>
        !url.Contains("://", StringComparison.Ordinal) || url.StartsWith("file://", StringComparison.OrdinalIgnoreCase);

    static string LocalPath(string url) =>
        url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(url).LocalPath : Path.GetFullPath(url);

    static bool PushWithLibGit2(RepositorySettings settings, string mirrorPath, string commitSha, string target)
    {
        using var repo = new Repository(mirrorPath);

        // A ref of its own per push: another writer on the same clone never swaps what is pushed.
        var outgoing = $"{OutgoingRef}/{Guid.NewGuid():N}";
        repo.Refs.Add(outgoing, new ObjectId(commitSha));
        string? refused = null;
        try
        {
            repo.Network.Push(repo.Network.Remotes["origin"], $"{outgoing}:{target}", new PushOptions
            {
                CredentialsProvider = GitUrls.Credentials(settings),
                OnPushStatusError = e => refused = e.Message,
            });
        }
        catch (NonFastForwardException)
        {
            return false;
        }
        catch (LibGit2SharpException e) when (IsRace(e.Message))
        {
            return false;
        }
        catch (LibGit2SharpException e)
        {
            throw RepositoryMirror.Masked(settings, e);
        }
        finally
        {
            repo.Refs.Remove(outgoing);
        }

        if (refused is null)
        {
            return true;
        }

        return IsRace(refused)
            ? false
            : throw new InvalidOperationException($"{settings.DisplayUrl} refused the push to {target}: {settings.Mask(refused)}");
    }

    static async Task<bool> PushWithGitAsync(string mirrorPath, string remotePath, string commitSha, string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--git-dir", mirrorPath, "push", "--porcelain", remotePath, $"{commitSha}:{target}"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"pushing to the local path {remotePath} runs git, which cannot be started ({e.Message}); install git or use a git:// or https:// URL", e);
        }

        using var process = started ?? throw new InvalidOperationException("cannot start git");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git push to {remotePath} did not finish within {timeout.TotalSeconds:0} s");
        }

        var text = await output + "\n" + await error;
        if (process.ExitCode == 0)
        {
            return true;
        }

        return IsRace(text)
            ? false
            : throw new InvalidOperationException($"git push to {remotePath} failed: {text.Trim().Split('\n')[0]}");
    }

    /// <summary>The refusals that mean "the branch moved", as git and libgit2 word them.</summary>
    static bool IsRace(string message) =>
        message.Contains("[rejected]", StringComparison.Ordinal)
        || message.Contains("fetch first", StringComparison.OrdinalIgnoreCase)
        || message.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || message.Contains("nonfastforward", StringComparison.OrdinalIgnoreCase)
        || message.Contains("failed to update ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("cannot lock ref", StringComparison.OrdinalIgnoreCase)
        || message.Contains("stale info", StringComparison.OrdinalIgnoreCase);
}
