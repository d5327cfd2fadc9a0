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
    ILogger<RepositoryPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The start-up announcement waits until every hosted service has started, the bus and (in kit up) the
        // deploymentizer's receive endpoint among them: published earlier, it could reach no consumer.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await CheckAsync(stoppingToken);
        if (settings.Value.PollSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.PollSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CheckAsync(stoppingToken);
        }
    }

    async Task CheckAsync(CancellationToken stoppingToken)
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
