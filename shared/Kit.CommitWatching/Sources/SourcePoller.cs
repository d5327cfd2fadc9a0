using Kit.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching.Sources;

/// <summary>Checks every source's branch once the host has started, then every <c>Kit:Sources:PollSeconds</c>, and pins what moved.</summary>
public sealed class SourcePoller(
    SourcePinner pinner,
    IBus bus,
    IOptions<SourcesSettings> settings,
    IHostApplicationLifetime lifetime,
    ILogger<SourcePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A pin commit is announced: wait until every hosted service (the bus among them) has started.
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
            await pinner.CheckAsync(bus, _ => true, CommitCause.Poll, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The next tick tries again: a pin is written only when it moves forward, so nothing is lost or doubled.
            logger.LogWarning("Checking the sources failed: {Error}", pinner.Mask(e.Message));
        }
    }
}
