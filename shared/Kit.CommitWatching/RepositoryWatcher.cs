using Kit.Contracts;
using Kit.Git;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching;

/// <summary>Checks the deployments branch (on a timer or a webhook) and publishes a <see cref="ManifestsCommitted"/> per new commit.</summary>
public sealed class RepositoryWatcher(
    RepositoryMirror mirror,
    IOptions<CommitWatchingSettings> settings,
    IBus bus,
    ILogger<RepositoryWatcher> logger)
{
    readonly RepositoryWatch watch = new(mirror);

    public async Task<IReadOnlyList<ManifestsCommitted>> CheckAsync(CommitCause cause, CancellationToken cancellationToken)
    {
        var announced = await watch.CheckAsync(cause, async message =>
        {
            await bus.Publish(message, cancellationToken);
            logger.LogInformation("Announced commit {Commit} of {Repository} {Branch} ({Cause}) as deployment {DeploymentId}",
                message.CommitSha[..12], message.Repository, message.Ref, cause, message.CorrelationId);
        }, TimeSpan.FromSeconds(settings.Value.GitTimeoutSeconds), cancellationToken);
        return announced;
    }
}
