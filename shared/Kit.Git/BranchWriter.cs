using LibGit2Sharp;

namespace Kit.Git;

/// <summary>
/// The one race-safe way a commit reaches the deployments branch (image commits, rollbacks): fetch the tip, build the
/// commit on it, push without force; when the branch moved first, wait, fetch and build again on the new tip, a bounded
/// number of times. The build sees each tip afresh, so whatever others pushed meanwhile is kept.
/// </summary>
public sealed class BranchWriter(RepositoryMirror clone, PushRetryPolicy policy)
{
    /// <summary>Runs between making a commit and pushing it: lets a test move the branch at the worst moment.</summary>
    public Func<CancellationToken, Task>? BeforePush { get; init; }

    /// <summary>Told of each refused push before the wait: the attempt (0 = the first) and the wait.</summary>
    public Action<int, TimeSpan>? Retrying { get; init; }

    /// <summary>
    /// Builds with <paramref name="build"/> (given the clone and the branch's current tip; it returns the sha of a commit
    /// whose parent is that tip, or null when nothing needs writing) and pushes it. Returns the pushed sha, or null when a
    /// build had nothing to write. Throws when the push is refused more often than the policy allows.
    /// </summary>
    public async Task<string?> WriteAsync(Func<Repository, Commit, string?> build, CancellationToken cancellationToken)
    {
        var repository = clone.Settings;
        for (var attempt = 0; ; attempt++)
        {
            var tip = await clone.FetchAsync(cancellationToken).WaitAsync(policy.GitTimeout, cancellationToken);
            var made = await Task.Run(() =>
            {
                using var repo = clone.Open();
                return build(repo, repo.Lookup<Commit>(tip));
            }, cancellationToken);
            if (made is null)
            {
                return null;
            }

            if (BeforePush is { } beforePush)
            {
                await beforePush(cancellationToken);
            }

            if (await GitPush.PushAsync(repository, clone.Path, made, policy.GitTimeout, cancellationToken))
            {
                return made;
            }

            if (attempt >= policy.Retries)
            {
                throw new InvalidOperationException($"the push to {repository.DisplayUrl} was refused {attempt + 1} times: the branch keeps moving");
            }

            var delay = policy.Backoff(attempt);
            Retrying?.Invoke(attempt, delay);
            await Task.Delay(delay, cancellationToken);
        }
    }
}
