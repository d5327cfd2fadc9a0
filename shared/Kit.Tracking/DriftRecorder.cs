using System.Text.Json;
using Kit.Contracts;
using Kit.Tracking.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kit.Tracking;

/// <summary>
/// Keeps each cluster's latest drift: a newer DriftDetected replaces the row, an older one (a late or redelivered
/// message) changes nothing; the episode's first sighting stays while its signature does.
/// </summary>
public sealed class DriftRecorder(IDbContextFactory<TrackerDbContext> contexts, TimeProvider time, ILogger<DriftRecorder> logger)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(DriftDetected message, CancellationToken cancellationToken)
    {
        var at = (message.DetectedAt == default ? time.GetUtcNow() : message.DetectedAt).ToUniversalTime();
        var objects = JsonSerializer.Serialize(message.Objects, Json);
        // Update first (the common case: the cluster has drifted before); insert when there is no row; a row that
        // appeared meanwhile (another instance) gets the update once more.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var updated = await db.ClusterDrift.Where(d => d.Cluster == message.Cluster && d.DetectedAt <= at).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.FirstDetectedAt, d => d.Signature == message.Signature ? d.FirstDetectedAt : at)
                .SetProperty(d => d.DeploymentId, message.CorrelationId)
                .SetProperty(d => d.CommitSha, message.CommitSha)
                .SetProperty(d => d.Sequence, message.Sequence)
                .SetProperty(d => d.Signature, message.Signature)
                .SetProperty(d => d.Objects, objects)
                .SetProperty(d => d.ObjectCount, message.Objects.Count)
                .SetProperty(d => d.Healed, message.Healed)
                .SetProperty(d => d.Error, message.Error)
                .SetProperty(d => d.DetectedAt, at), cancellationToken);
            if (updated == 1)
            {
                break;
            }

            if (await db.ClusterDrift.AnyAsync(d => d.Cluster == message.Cluster, cancellationToken))
            {
                // A newer drift is recorded already: this one is history.
                logger.LogDebug("Drift of cluster {Cluster} at {DetectedAt} is older than the one recorded; ignored", message.Cluster, at);
                return;
            }

            db.ClusterDrift.Add(new ClusterDriftRow
            {
                Cluster = message.Cluster,
                DeploymentId = message.CorrelationId,
                CommitSha = message.CommitSha,
                Sequence = message.Sequence,
                Signature = message.Signature,
                Objects = objects,
                ObjectCount = message.Objects.Count,
                Healed = message.Healed,
                Error = message.Error,
                DetectedAt = at,
                FirstDetectedAt = at,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException e) when (TrackerDatabase.IsUniqueViolation(e) && attempt == 1)
            {
                // Another instance inserted the cluster's first drift at the same moment: update it instead.
            }
        }

        logger.LogInformation("Cluster {Cluster} drifted at commit {Commit}: {Count} objects, healed {Healed}", message.Cluster, message.CommitSha, message.Objects.Count, message.Healed);
    }
}
