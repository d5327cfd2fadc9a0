using Kit.Contracts;
using Kit.Git;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageUpdating.Consumers;

/// <summary>Writes the built image into the deployments repository, then announces the commit (or why there is none).</summary>
public sealed class ImageBuiltConsumer(ImageWriter deployer, IOptions<RepositorySettings> repository, ILogger<ImageBuiltConsumer> logger) : IConsumer<ImageBuilt>
{
    public async Task Consume(ConsumeContext<ImageBuilt> context)
    {
        var message = context.Message;
        var result = await deployer.SubmitAsync(ImageUpdate.From(message), context.CancellationToken);
        if (result.HasCommit)
        {
            // Logged here, in the message's context: the writer's own lines speak for a whole batch.
            logger.LogInformation("Image {Image} is in commit {Commit} of {Repository}", message.Image, result.CommitSha![..12], repository.Value.DisplayUrl);
            await context.Publish(CommitAnnouncement.For(
                repository.Value, message.CorrelationId, result.CommitSha!, CommitCause.Image, result.CommittedAt ?? DateTimeOffset.UtcNow,
                result.ChangedPaths, message.Image), context.CancellationToken);
            return;
        }

        await context.Publish(new ImageUpdateFailed
        {
            CorrelationId = message.CorrelationId,
            Image = message.Image,
            Repository = message.Repository,
            Branch = message.Branch,
            File = result.File,
            Line = result.Line,
            Reason = result.Reason ?? result.Outcome.ToString(),
            Skipped = result.Outcome == ImageUpdateOutcome.Skipped,
        }, context.CancellationToken);
    }
}
