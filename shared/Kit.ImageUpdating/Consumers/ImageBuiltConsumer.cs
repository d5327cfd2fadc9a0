using Kit.Contracts;
using Kit.Git;
using Kit.ImageUpdating;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageUpdating.Consumers;

/// <summary>Writes the built image into the deployments repository, then announces the commit (or why there is none).</summary>
public sealed class ImageBuiltConsumer(ImageWriter deployer, IOptions<RepositorySettings> repository) : IConsumer<ImageBuilt>
{
    public async Task Consume(ConsumeContext<ImageBuilt> context)
    {
        var message = context.Message;
        var result = await deployer.SubmitAsync(ImageUpdate.From(message), context.CancellationToken);
        if (result.HasCommit)
        {
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
