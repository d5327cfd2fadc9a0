using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sets the built image's source commit pending (queue <c>image-built-commit-status</c>), when its image repository is mapped.</summary>
public sealed class ImageBuiltCommitStatusConsumer(CommitStatusReporter statuses) : NotificationConsumer<ImageBuilt>(statuses.ImageBuiltAsync);
