using System.Globalization;
using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>
/// The deployment controller's revision bookkeeping (pkg/controller/deployment/util), which `kubectl rollout history`
/// and `kubectl rollout undo` read: a revision per ReplicaSet, the Deployment's annotations copied onto its new
/// ReplicaSet, and old ReplicaSets kept up to spec.revisionHistoryLimit.
/// </summary>
static class DeploymentRevisions
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    const string MaxReplicas = "deployment.kubernetes.io/max-replicas";

    /// <summary>Annotations that belong to the Deployment or its controller and are never copied to a ReplicaSet.</summary>
    static readonly HashSet<string> NotCopied =
        ["kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas, "deprecated.deployment.rollback.to"];

    public static long Of(JsonNode? obj) =>
        long.TryParse(Json.Str(obj, "metadata", "annotations", Revision), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>
    /// Annotates the Deployment's current ReplicaSet: its annotations (change-cause included), the replica counts, and a
    /// revision above every other ReplicaSet's. One that comes back (a rollback) keeps its former numbers in revision-history.
    /// </summary>
    public static void Annotate(JsonObject replicaSet, JsonObject deployment, long highestOther, long replicas)
    {
        var annotations = Json.Obj(Json.Metadata(replicaSet), "annotations");
        foreach (var (key, value) in deployment["metadata"]?["annotations"] as JsonObject ?? [])
        {
            if (!NotCopied.Contains(key))
            {
                annotations[key] = value?.DeepClone();
            }
        }

        annotations[DesiredReplicas] = Text(replicas);
        annotations[MaxReplicas] = Text(replicas + MaxSurge(deployment, replicas));
        var current = Of(replicaSet);
        var next = highestOther + 1;
        if (current >= next)
        {
            return;
        }

        if (current > 0)
        {
            var history = Json.Str(annotations, RevisionHistory);
            annotations[RevisionHistory] = string.IsNullOrEmpty(history) ? Text(current) : $"{history},{Text(current)}";
        }

        annotations[Revision] = Text(next);
    }

    /// <summary>The idle old ReplicaSets beyond spec.revisionHistoryLimit, oldest revision first: the controller deletes them once the rollout completes.</summary>
    public static IEnumerable<StoredObject> Beyond(JsonObject deployment, IEnumerable<StoredObject> old)
    {
        var limit = Json.Int(deployment, "spec", "revisionHistoryLimit") ?? int.MaxValue;
        var idle = old.Select(rs => (Stored: rs, Parsed: rs.Parse()))
            .Where(rs => Json.Int(rs.Parsed, "spec", "replicas") == 0 && (Json.Int(rs.Parsed, "status", "replicas") ?? 0) == 0)
            .OrderBy(rs => Of(rs.Parsed))
            .ThenBy(rs => Json.Str(rs.Parsed, "metadata", "creationTimestamp"), StringComparer.Ordinal)
            .ToList();
        return idle.Take((int)Math.Max(0, idle.Count - limit)).Select(rs => rs.Stored);
    }

    static long MaxSurge(JsonObject deployment, long replicas)
    {
        if (Json.Str(deployment, "spec", "strategy", "type") == "Recreate")
        {
            return 0;
        }

        var surge = deployment["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"];
        if (Json.Int(surge) is { } count)
        {
            return count;
        }

        var percent = (surge?.ToString() ?? "25%").TrimEnd('%');
        return long.TryParse(percent, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? (long)Math.Ceiling(replicas * p / 100.0) : 0;
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
