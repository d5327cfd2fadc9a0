using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Kit.Kubernetes.Manifests;
using Microsoft.Extensions.Options;

namespace Kit.Deploying;

/// <summary>
/// Deploys one cluster's manifest set and says how it ended. Never throws for a cluster's own
/// failure (bad kubeconfig, cluster down, apply refused, rollout failed): that is the outcome, so a
/// message is never redelivered for it. One deployment at a time per cluster in this instance;
/// across instances the inventory claim keeps each cluster's history in order.
/// </summary>
public sealed class ClusterDeployer(
    KubeconfigDirectory kubeconfigs, ClusterConnections connections, IOptions<DeployerSettings> options, ILogger<ClusterDeployer> logger)
{
    /// <summary>The skip reason of a removed cluster that is not pruned (<see cref="DeployerSettings.PruneRemovedClusters"/>).</summary>
    public const string Orphaned = "orphaned";

    readonly ConcurrentDictionary<string, SemaphoreSlim> clusterLocks = new(StringComparer.Ordinal);
    readonly ConditionalWeakTable<ManifestsRendered, ParsedSet> parsed = [];

    /// <summary>This instance's name in inventory claims: a claim of its own is never waited for (the lock above orders them).</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";

    public async Task<ClusterDeployed> DeployAsync(ManifestsRendered message, DeployModes? modes, CancellationToken cancellationToken) =>
        (await DeployCheckedAsync(message, modes, cancellationToken)).Deployed;

    /// <summary>
    /// Deploys one cluster's set and says what the live check found: a drifted cluster is never "unchanged";
    /// its drift is healed (<see cref="DeployerSettings.SelfHeal"/> or <see cref="DeployModes.Force"/>) or reported
    /// (skipped, "drifted"). The caller publishes <see cref="ReconcileResult.Deployed"/> and <see cref="ReconcileResult.Drift"/>.
    /// </summary>
    public Task<ReconcileResult> DeployCheckedAsync(ManifestsRendered message, DeployModes? modes, CancellationToken cancellationToken) =>
        RunAsync(message, modes, reconcile: false, cancellationToken);

    /// <summary>
    /// Checks one cluster against the set it was last deployed with (<paramref name="desired"/>): stale and
    /// untouched when the cluster is at a newer sequence; deployed when it is behind or its last deployment
    /// failed; otherwise confirmed by a cheap live check, and drift found healed when
    /// <see cref="DeployerSettings.SelfHeal"/> is true (the inventory's sequence and commit stay). Publishes nothing.
    /// </summary>
    public Task<ReconcileResult> ReconcileAsync(ManifestsRendered desired, CancellationToken cancellationToken) =>
        RunAsync(desired, null, reconcile: true, cancellationToken);

    async Task<ReconcileResult> RunAsync(ManifestsRendered message, DeployModes? modes, bool reconcile, CancellationToken cancellationToken)
    {
        var result = await DeployOrCheckAsync(message, modes, reconcile, cancellationToken);
        DeployerMetrics.Record(result, reconcile);
        return result;
    }

    async Task<ReconcileResult> DeployOrCheckAsync(ManifestsRendered message, DeployModes? modes, bool reconcile, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        modes ??= options.Value.Modes;
        if (message.Removed && !options.Value.PruneRemovedClusters)
        {
            // Its folder is gone from the repository: its objects stay until someone asks kit to prune them.
            logger.LogInformation("Cluster {Cluster} was removed from the repository at {Commit}: orphaned, its objects are kept", message.Cluster, message.CommitSha);
            return new ReconcileResult(Result(message, DeploymentOutcome.Skipped, Orphaned, [], [], started, null), null);
        }

        IReadOnlyList<string> images = [];
        DeploymentRun? run = null;
        DriftDetected? drift = null;
        try
        {
            // A desired set checked again and again (reconcile) is parsed once: parsing costs more than the check.
            var (objects, setImages) = parsed.GetValue(message, m =>
            {
                var all = ManifestParser.Parse(m.Manifests);
                ApplyOrder.Sort(all);
                return new ParsedSet(all, Images.Of(all));
            });
            images = setImages;
            var entry = await kubeconfigs.FindAsync(message.Cluster, cancellationToken)
                ?? throw new ClusterConfigurationException($"no kubeconfig names cluster {message.Cluster} (looked in {kubeconfigs.Glob})");
            var cluster = connections.Get(entry);
            var gate = clusterLocks.GetOrAdd(message.Cluster, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            try
            {
                var deployed = await DeployLockedAsync(cluster, message, modes, objects, images, r => run = r, d => drift = d, reconcile, started, cancellationToken);
                return new ReconcileResult(deployed, drift);
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception e) when (e is ManifestException or ClusterConfigurationException or ClusterUnreachableException or KubeApiException or DeployException)
        {
            var outcome = e is DeployException d ? d.Outcome : DeploymentOutcome.Failed;
            if (e is ClusterUnreachableException)
            {
                DeployerMetrics.Unreachable(message.Cluster);
            }

            logger.LogWarning("Cluster {Cluster} commit {Commit}: {Outcome}: {Error}", message.Cluster, message.CommitSha, outcome, e.Message);
            return new ReconcileResult(Result(message, outcome, null, run?.Actions ?? [], images, started, e.Message), (drift ?? Drift(message, run, false)) is { } found ? found with { Healed = false, Error = e.Message } : null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Reported rather than thrown: a redelivery would fail the same way and end in the error queue.
            logger.LogError(e, "Cluster {Cluster} commit {Commit}: unexpected failure", message.Cluster, message.CommitSha);
            var error = $"{e.GetType().Name}: {e.Message}";
            return new ReconcileResult(Result(message, DeploymentOutcome.Failed, null, run?.Actions ?? [], images, started, error), (drift ?? Drift(message, run, false)) is { } found ? found with { Healed = false, Error = error } : null);
        }
    }

    async Task<ClusterDeployed> DeployLockedAsync(
        ClusterConnection cluster, ManifestsRendered message, DeployModes modes, IReadOnlyList<ManifestObject> objects,
        IReadOnlyList<string> images, Action<DeploymentRun> started, Action<DriftDetected> drifted, bool reconcile, long startedAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var fastRollbackId = (message.Strategy ?? settings.Strategy) == FastRollback.Strategy ? FastRollback.DeployId(message.DeployId, message.CommitSha) : null;
        if (modes.WritesNothing)
        {
            var current = await InventoryStore.ReadAsync(cluster, cancellationToken);
            if (InventoryDecision.Decide(current, message.Sequence, message.Digest, true, InstanceId, DateTimeOffset.UtcNow) == InventoryVerdict.Stale)
            {
                return Result(message, DeploymentOutcome.Skipped, "stale", [], images, startedAt, null);
            }

            var preview = new DeploymentRun(cluster, message, modes, settings, current, logger);
            started(preview);
            await preview.RunAsync(objects, fastRollbackId, cancellationToken);
            Report(message, preview, drifted, healed: false);
            return Result(message, DeploymentOutcome.Succeeded, null, preview.Actions, images, startedAt, null);
        }

        // A short lease, renewed while the run lasts: a worker killed mid-rollout frees the cluster within one
        // lease instead of holding it for the longest rollout it might have waited for.
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        var request = new ClaimRequest(message.Sequence, message.Digest, message.CommitSha, message.CorrelationId.ToString(), modes.Force, InstanceId, lease);
        // The whole set is checked before the claim, the first write: a set the cluster refuses leaves it as it was.
        var claim = await InventoryStore.ClaimAsync(
            cluster, request, TimeSpan.FromSeconds(settings.WaitTimeoutSeconds), cancellationToken,
            (current, token) => new DeploymentRun(cluster, message, modes, settings, current, logger).CheckAsync(objects, fastRollbackId, token));
        switch (claim.Verdict)
        {
            case InventoryVerdict.Stale:
                logger.LogInformation("Cluster {Cluster} is at sequence {Current}: {Sequence} is stale", message.Cluster, Math.Max(claim.Previous!.Sequence, claim.Previous.ClaimedSequence), message.Sequence);
                return Result(message, DeploymentOutcome.Skipped, "stale", [], images, startedAt, null);
            case InventoryVerdict.Unchanged:
                // The inventory says the set is there; one list per kind says whether the cluster agrees.
                var check = new DeploymentRun(cluster, message, modes, settings, claim.Previous, logger);
                started(check);
                await check.DetectAsync(objects, fastRollbackId, cancellationToken);
                if (check.Drifted.Count > 0)
                {
                    return await DriftedAsync(cluster, message, modes, objects, images, check, fastRollbackId, started, drifted, startedAt, cancellationToken);
                }

                await RecordFieldsAsync(cluster, claim.Previous!, check.Applied, cancellationToken);
                if (!reconcile && claim.Previous?.DeploymentId == message.CorrelationId.ToString())
                {
                    // This very deployment already applied the set and saw it roll out; its report was lost (the broker
                    // went away before ClusterDeployed was sent) and the message came back: report what happened.
                    logger.LogInformation("Cluster {Cluster} was deployed at {Commit} by this deployment already; reporting it again", message.Cluster, message.CommitSha);
                    return Result(message, DeploymentOutcome.Succeeded, null, [], images, startedAt, null);
                }

                return Result(message, DeploymentOutcome.Skipped, "unchanged", [], images, startedAt, null);
            case InventoryVerdict.Busy:
                throw new DeployException($"cluster {message.Cluster} is being deployed by {claim.Previous?.Holder} until {claim.Previous?.LeaseUntil:O}");
        }

        var final = new InventoryRecord
        {
            Sequence = message.Sequence,
            Commit = message.CommitSha,
            Digest = message.Digest,
            DeploymentId = message.CorrelationId.ToString(),
        };
        return await RunClaimedAsync(cluster, message, modes, objects, images, claim, final, fastRollbackId, started, drifted, startedAt, cancellationToken);
    }

    async Task<ClusterDeployed> RunClaimedAsync(
        ClusterConnection cluster, ManifestsRendered message, DeployModes modes, IReadOnlyList<ManifestObject> objects, IReadOnlyList<string> images,
        InventoryClaim claim, InventoryRecord final, string? fastRollbackId, Action<DeploymentRun> started, Action<DriftDetected> drifted, long startedAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        var run = new DeploymentRun(cluster, message, modes, settings, claim.Previous, logger);
        started(run);
        var keeper = new LeaseKeeper(cluster, claim.Claimed!, lease, logger);
        try
        {
            await run.RunAsync(objects, fastRollbackId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What was applied stays in the inventory beside what was there, so a later deployment prunes it.
            var kept = (claim.Previous?.Objects ?? []).Concat(run.Applied).GroupBy(o => o.Key).Select(g => g.Last()).ToList();
            await TryCompleteAsync(cluster, await keeper.StopAsync(), final with { Status = InventoryStore.Failed, Objects = kept });
            throw;
        }
        finally
        {
            await keeper.StopAsync();
        }

        if (!await InventoryStore.CompleteAsync(cluster, await keeper.StopAsync(), final with { Status = InventoryStore.Succeeded, Objects = run.Applied }, cancellationToken))
        {
            logger.LogWarning("Cluster {Cluster}: another worker took the inventory over before {Sequence} was recorded", message.Cluster, message.Sequence);
        }

        logger.LogInformation("Cluster {Cluster} at commit {Commit} (sequence {Sequence}): {Count} objects applied", message.Cluster, message.CommitSha, message.Sequence, run.Actions.Count(a => a.Action != "unchanged"));
        Report(message, run, drifted, healed: settings.SelfHeal || modes.Force);
        return Result(message, DeploymentOutcome.Succeeded, null, run.Actions, images, startedAt, null);
    }

    /// <summary>A cluster the inventory calls unchanged but the live check found drifted: healed under a claim (sequence and commit kept), or reported.</summary>
    async Task<ClusterDeployed> DriftedAsync(
        ClusterConnection cluster, ManifestsRendered message, DeployModes modes, IReadOnlyList<ManifestObject> objects, IReadOnlyList<string> images,
        DeploymentRun check, string? fastRollbackId, Action<DeploymentRun> started, Action<DriftDetected> drifted, long startedAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var found = Drift(message, check, healed: false)!;
        drifted(found);
        logger.LogWarning("Cluster {Cluster} drifted from commit {Commit}: {Objects}", message.Cluster, message.CommitSha, string.Join(", ", found.Objects.Select(o => $"{o.Kind} {o.Name}")));
        if (!settings.SelfHeal || modes.WritesNothing)
        {
            return Result(message, DeploymentOutcome.Skipped, "drifted", check.Actions, images, startedAt, null);
        }

        var lease = TimeSpan.FromSeconds(settings.LeaseSeconds);
        var request = new ClaimRequest(message.Sequence, message.Digest, message.CommitSha, message.CorrelationId.ToString(), true, InstanceId, lease);
        var claim = await InventoryStore.ClaimAsync(cluster, request, TimeSpan.FromSeconds(settings.WaitTimeoutSeconds), cancellationToken);
        switch (claim.Verdict)
        {
            case InventoryVerdict.Stale:
                return Result(message, DeploymentOutcome.Skipped, "stale", [], images, startedAt, null);
            case InventoryVerdict.Busy:
                throw new DeployException($"cluster {message.Cluster} is being deployed by {claim.Previous?.Holder} until {claim.Previous?.LeaseUntil:O}");
        }

        var previous = claim.Previous!;
        var final = new InventoryRecord { Sequence = previous.Sequence, Commit = previous.Commit, Digest = previous.Digest, DeploymentId = previous.DeploymentId };
        var healed = await RunClaimedAsync(cluster, message, modes, objects, images, claim, final, fastRollbackId, started, _ => { }, startedAt, cancellationToken);
        drifted(found with { Healed = true });
        return healed;
    }

    /// <summary>Keeps what a live check learnt (kit's field hashes) so the next check of an unchanged object needs no request of its own.</summary>
    async Task RecordFieldsAsync(ClusterConnection cluster, InventoryRecord current, IReadOnlyList<InventoryItem> checkedObjects, CancellationToken cancellationToken)
    {
        var known = current.Objects.ToDictionary(o => o.Key, o => o.Fields);
        if (checkedObjects.Count == current.Objects.Count && checkedObjects.All(o => known.TryGetValue(o.Key, out var fields) && fields == o.Fields))
        {
            return;
        }

        if (!await InventoryStore.RecordObjectsAsync(cluster, current, checkedObjects, cancellationToken))
        {
            logger.LogInformation("Cluster {Cluster}: the inventory changed during the live check; its field hashes are recorded next time", cluster.Cluster);
        }
    }

    static void Report(ManifestsRendered message, DeploymentRun run, Action<DriftDetected> drifted, bool healed)
    {
        if (Drift(message, run, healed) is { } drift)
        {
            drifted(drift);
        }
    }

    static DriftDetected? Drift(ManifestsRendered message, DeploymentRun? run, bool healed)
    {
        if (run is null || run.Drifted.Count == 0)
        {
            return null;
        }

        var objects = run.Drifted.OrderBy(o => $"{o.Kind}/{o.Namespace}/{o.Name}", StringComparer.Ordinal).ToList();
        var episode = string.Join('\n', objects.Select(o => $"{o.Kind}/{o.Namespace}/{o.Name}/{o.Missing}:{string.Join(',', o.Fields.Select(f => f.Split(": ")[0]))}"));
        return new DriftDetected
        {
            CorrelationId = message.CorrelationId,
            Cluster = message.Cluster,
            Repository = message.Repository,
            Ref = message.Ref,
            CommitSha = message.CommitSha,
            Sequence = message.Sequence,
            Objects = objects,
            Signature = ObjectHash.Of(JsonValue.Create($"{message.Cluster}\n{message.CommitSha}\n{episode}")),
            Healed = healed,
            DetectedAt = DateTimeOffset.UtcNow,
        };
    }

    async Task TryCompleteAsync(ClusterConnection cluster, InventoryRecord claimed, InventoryRecord final)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds));
            await InventoryStore.CompleteAsync(cluster, claimed, final, timeout.Token);
        }
        catch (Exception e) when (e is ClusterUnreachableException or KubeApiException or OperationCanceledException)
        {
            // This instance's own claim does not block its next deployment to the cluster.
            logger.LogWarning("Cluster {Cluster}: the failure could not be recorded in the inventory: {Error}", cluster.Cluster, e.Message);
        }
    }

    static ClusterDeployed Result(
        ManifestsRendered message, DeploymentOutcome outcome, string? skipReason, IReadOnlyList<ResourceAction> actions,
        IReadOnlyList<string> images, long started, string? error) => new()
        {
            CorrelationId = message.CorrelationId,
            Cluster = message.Cluster,
            CommitSha = message.CommitSha,
            Sequence = message.Sequence,
            Outcome = outcome,
            SkipReason = skipReason,
            Resources = actions.ToList(),
            Duration = Stopwatch.GetElapsedTime(started),
            Error = error,
            Images = images,
            AllowFailure = message.AllowFailure,
            CompletedAt = DateTimeOffset.UtcNow,
        };

    sealed record ParsedSet(IReadOnlyList<ManifestObject> Objects, IReadOnlyList<string> Images);
}
