using Kit.Contracts;

namespace Kit.ImageUpdating;

/// <summary>One image to write into the deployments repository.</summary>
public sealed record ImageUpdate(
    Guid DeploymentId,
    string Image,
    string Repository,
    string Branch,
    string? SourceCommit = null,
    string? CommitterName = null,
    string? CommitterEmail = null,
    DateTimeOffset? BuiltAt = null,
    string? Message = null,
    SourceRevision? Source = null)
{
    public static ImageUpdate From(ImageBuilt message) => new(
        message.CorrelationId,
        message.Image,
        message.Repository,
        message.Branch,
        message.SourceCommit,
        message.CommitterName,
        message.CommitterEmail,
        message.BuiltAt,
        message.Message,
        message.Source);
}
