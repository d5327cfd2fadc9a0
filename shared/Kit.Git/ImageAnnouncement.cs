using Kit.Contracts;

namespace Kit.Git;

/// <summary>
/// The one place an <see cref="ImageBuilt"/> is built: by <c>POST /api/images</c>, <c>kit publish image-built</c> and the
/// bench, so the image is always the parsed reference written out and the key defaults to the image's own name.
/// </summary>
public static class ImageAnnouncement
{
    public static ImageBuilt For(
        ImageReference image, string? repository, string branch, Guid deploymentId, DateTimeOffset builtAt,
        string? sourceCommit = null, string? committerName = null, string? committerEmail = null, string? message = null,
        SourceRevision? source = null) => new()
        {
            CorrelationId = deploymentId,
            Image = image.ToString(),
            Repository = string.IsNullOrWhiteSpace(repository) ? image.Key : repository,
            Branch = branch,
            SourceCommit = sourceCommit,
            CommitterName = committerName,
            CommitterEmail = committerEmail,
            Message = message,
            BuiltAt = builtAt,
            Source = source,
        };
}
