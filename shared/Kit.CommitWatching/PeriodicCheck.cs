namespace Kit.CommitWatching;

/// <summary>
/// A check made once the host has started, then every <see cref="Seconds"/> (0 or less: only the first). A failed
/// check is logged by the subclass and tried again at the next tick; stopping the host ends the loop.
/// </summary>
public abstract class PeriodicCheck(IHostApplicationLifetime lifetime) : BackgroundService
{
    protected abstract double Seconds { get; }

    /// <summary>One check; its own failures are the subclass's to log, so the loop goes on.</summary>
    protected abstract Task CheckAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first check announces what it finds: it waits until every hosted service has started, the bus and
        // (in kit up) the deploymentizer's receive endpoint among them, or it could reach no consumer.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await CheckAsync(stoppingToken);
        if (Seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CheckAsync(stoppingToken);
        }
    }
}
