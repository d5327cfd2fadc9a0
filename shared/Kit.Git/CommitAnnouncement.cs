using Kit.Contracts;

namespace Kit.Git;

/// <summary>
/// The one place a <see cref="ManifestsCommitted"/> is built: by the image writer's commits, the commit watcher's
/// and <c>kit deploy</c>'s, so each names the repository and branch the same way (the display URL, never credentials).
/// </summary>
public static class CommitAnnouncement
{
    public static ManifestsCommitted For(
        RepositorySettings repository, Guid deploymentId, string commitSha, CommitCause cause, DateTimeOffset committedAt,
        IReadOnlyList<string>? changedPaths = null, string? sourceImage = null) => new()
        {
            CorrelationId = deploymentId,
            Repository = repository.DisplayUrl,
            Ref = repository.Branch,
            CommitSha = commitSha,
            ChangedPaths = changedPaths ?? [],
            Cause = cause,
            SourceImage = sourceImage,
            CommittedAt = committedAt,
        };
}
