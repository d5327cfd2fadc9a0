using Kit.Contracts;
using Kit.Git;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching;

/// <summary>Announces the branch tip at start, then polls every <c>Kit:ImageDeployer:PollSeconds</c>.</summary>
public sealed class RepositoryPoller(
    RepositoryWatcher watcher,
    IOptions<CommitWatchingSettings> settings,
    IOptions<RepositorySettings> repository,
    IHostApplicationLifetime lifetime,
    ILogger<RepositoryPoller> logger) : PeriodicCheck(lifetime)
{
    protected override double Seconds => settings.Value.PollSeconds;

    protected override async Task CheckAsync(CancellationToken stoppingToken)
    {
        try
        {
            await watcher.CheckAsync(CommitCause.Poll, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The next tick tries again; the position did not move (nor did the start-up announcement happen), so nothing is lost.
            logger.LogWarning("Polling the deployments repository failed: {Error}", repository.Value.Mask(e.Message));
        }
    }
}
