using Kit.Contracts;
using Kit.Kubernetes.Kubeconfigs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.Deploying.Reconciling;

/// <summary>
/// Keeps every cluster equal to git between commits. Soon after start it asks for the tip to be rendered for
/// the clusters it knows no desired state of (a deployer restarted, or <c>kit up</c> on an existing
/// repository); it asks again for a cluster whose kubeconfig appears; and every
/// <c>Kit:Deployer:ReconcileSeconds</c> (0 = events only) it checks each known cluster against its desired
/// state, reports drift and heals it (<c>Kit:Deployer:SelfHeal</c>).
/// </summary>
public sealed class Reconciler(
    DesiredStates desired,
    ReconcilePass pass,
    KubeconfigDirectory kubeconfigs,
    IBus bus,
    IOptions<DeployerSettings> options,
    TimeProvider clock,
    ILogger<Reconciler> logger) : BackgroundService
{
    readonly HashSet<string> seenClusters = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            // The watcher announces the tip when it starts too: what it renders arrives first and needs no request.
            await Task.Delay(TimeSpan.FromSeconds(settings.ReconcileStartDelaySeconds), clock, stoppingToken);
            await RequestMissingAsync("deployer started", stoppingToken);
            var scan = TimeSpan.FromSeconds(settings.KubeconfigScanSeconds);
            var period = settings.ReconcileSeconds > 0 ? TimeSpan.FromSeconds(settings.ReconcileSeconds) : (TimeSpan?)null;
            var nextPass = clock.GetUtcNow() + (period ?? TimeSpan.Zero);
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = period is null ? scan : Min(scan, nextPass - clock.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }

                await RequestMissingAsync("kubeconfig appeared", stoppingToken);
                if (period is { } every && clock.GetUtcNow() >= nextPass)
                {
                    await pass.RunAsync(desired.All(), settings.Concurrency, (drift, token) => bus.Publish(drift, token), (report, token) => bus.Publish(report, token), stoppingToken);
                    nextPass = clock.GetUtcNow() + every;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Asks for the tip for each newly seen cluster that has a kubeconfig and no desired state here.</summary>
    async Task RequestMissingAsync(string reason, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<KubeconfigEntry> entries;
        try
        {
            entries = await kubeconfigs.AllAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Kubeconfigs {Glob} could not be read: {Error}", kubeconfigs.Glob, e.Message);
            return;
        }

        var first = seenClusters.Count == 0;
        var missing = entries
            .Where(e => e.Error is null && seenClusters.Add(e.Cluster) && !desired.Knows(e.Cluster))
            .Select(e => e.Cluster)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // At start, asking for every cluster is one short message however many there are.
        var all = first && missing.Count == entries.Count;
        logger.LogInformation("Asking for the tip to be rendered for {Clusters} ({Reason})", all ? "every cluster" : string.Join(", ", missing), reason);
        await bus.Publish(new ReconcileRequested
        {
            CorrelationId = NewId.NextGuid(),
            Clusters = all ? [] : missing,
            Reason = reason,
            RequestedAt = clock.GetUtcNow(),
        }, cancellationToken);
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
