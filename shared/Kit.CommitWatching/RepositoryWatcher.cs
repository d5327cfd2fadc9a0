using Kit.Contracts;
using Kit.Git;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching;

/// <summary>
/// Checks the deployments branch (on a timer or a webhook) and publishes a <see cref="ManifestsCommitted"/> per
/// commit to announce; answers <see cref="ReconcileRequested"/> with the tip.
/// </summary>
public sealed class RepositoryWatcher(
    RepositoryMirror mirror,
    IOptions<CommitWatchingSettings> settings,
    IBus bus,
    ILogger<RepositoryWatcher> logger)
{
    /// <summary>How long a reconcile waits for more requests to answer with the same announcement (deployers starting together).</summary>
    public static readonly TimeSpan ReconcileWindow = TimeSpan.FromMilliseconds(250);

    readonly RepositoryWatch watch = new(mirror);
    readonly Lock gate = new();
    ReconcileBatch? pending;

    TimeSpan GitTimeout => TimeSpan.FromSeconds(settings.Value.GitTimeoutSeconds);

    public async Task<IReadOnlyList<ManifestsCommitted>> CheckAsync(CommitCause cause, CancellationToken cancellationToken)
    {
        var announced = await watch.CheckAsync(cause, message => PublishAsync(message, cancellationToken), GitTimeout, cancellationToken);
        return announced;
    }

    /// <summary>
    /// Announces the branch's tip as a new deployment of cause <see cref="CommitCause.Reconcile"/> for
    /// <paramref name="clusters"/> (empty: every cluster). Requests that arrive within <see cref="ReconcileWindow"/>
    /// of each other share one announcement for the union of their clusters.
    /// </summary>
    public Task<ManifestsCommitted> ReconcileAsync(IReadOnlyList<string> clusters, CancellationToken cancellationToken)
    {
        ReconcileBatch batch;
        lock (gate)
        {
            if (pending is null)
            {
                pending = new ReconcileBatch();
                _ = AnnounceAfterWindowAsync(pending);
            }

            batch = pending;
            batch.Add(clusters);
        }

        return batch.Done.Task.WaitAsync(cancellationToken);
    }

    async Task AnnounceAfterWindowAsync(ReconcileBatch batch)
    {
        try
        {
            await Task.Delay(ReconcileWindow);
            lock (gate)
            {
                pending = null;
            }

            // One request's cancellation must not fail the others: the announcement has its own time limit.
            var message = await watch.TipAsync(NewId.NextGuid(), batch.Clusters, GitTimeout, CancellationToken.None);
            await PublishAsync(message, CancellationToken.None).WaitAsync(GitTimeout);
            batch.Done.TrySetResult(message);
        }
        catch (Exception e)
        {
            batch.Done.TrySetException(e);
        }
    }

    async Task PublishAsync(ManifestsCommitted message, CancellationToken cancellationToken)
    {
        await bus.Publish(message, cancellationToken);
        logger.LogInformation("Announced commit {Commit} of {Repository} {Branch} ({Cause}) as deployment {DeploymentId}",
            message.CommitSha[..12], message.Repository, message.Ref, message.Cause, message.CorrelationId);
    }

    /// <summary>The reconcile requests answered by one announcement.</summary>
    sealed class ReconcileBatch
    {
        SortedSet<string>? clusters = new(StringComparer.Ordinal);

        public TaskCompletionSource<ManifestsCommitted> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The clusters asked for, or null when one request asked for every cluster.</summary>
        public IReadOnlyList<string>? Clusters => clusters is null ? null : [.. clusters];

        /// <summary>Adds one request's clusters (called under the watcher's lock, before the window closes).</summary>
        public void Add(IReadOnlyList<string> requested)
        {
            if (requested.Count == 0)
            {
                clusters = null;
            }
            else
            {
                clusters?.UnionWith(requested);
            }
        }
    }
}
