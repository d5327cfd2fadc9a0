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
    ILogger<SourcePoller> logger) : PeriodicCheck(lifetime)
{
    protected override double Seconds => settings.Value.PollSeconds;

    protected override async Task CheckAsync(CancellationToken stoppingToken)
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
