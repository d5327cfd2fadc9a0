using Kit.Tracking.Consumers;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.Tracking;

/// <summary>Completes deployments whose deadline passed, on every tracker instance (the claim keeps it to one).</summary>
public sealed class DeadlineService(
    DeploymentTracker tracker,
    IServiceScopeFactory scopes,
    IOptions<TrackerSettings> settings,
    TimeProvider time,
    ILogger<DeadlineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.CheckIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database or broker outage: try again at the next tick rather than stop the service.
                logger.LogError(e, "Deadline check failed");
            }
        }
    }

    async Task CheckAsync(CancellationToken cancellationToken)
    {
        var completed = await tracker.CompleteOverdueAsync(cancellationToken);
        if (completed.Count == 0)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        foreach (var deployment in completed)
        {
            logger.LogInformation("Deployment {DeploymentId} completed at its deadline with {TimedOut} clusters timed out", deployment.CorrelationId, deployment.TimedOut);
            await publisher.PublishCompletionAsync(tracker, deployment, cancellationToken);
        }
    }
}
