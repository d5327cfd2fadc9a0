using System.Text.Json.Nodes;

namespace Kit.Deploying.Rollout;

/// <summary>Reads a live workload's status the way <c>kubectl rollout status</c> does.</summary>
public static class RolloutEvaluator
{
    public static RolloutStatus Evaluate(JsonNode live)
    {
        var kind = live["kind"]?.GetValue<string>();
        var generation = Number(live["metadata"]?["generation"]);
        var status = live["status"];
        var observed = Number(status?["observedGeneration"]);
        if (kind is "Deployment" or "StatefulSet" or "DaemonSet" && observed < generation)
        {
            return RolloutStatus.Wait($"observedGeneration {observed} < generation {generation}");
        }

        return kind switch
        {
            "Deployment" => Deployment(live, status),
            "StatefulSet" => StatefulSet(live, status),
            "DaemonSet" => DaemonSet(status),
            "Job" => Job(status),
            _ => RolloutStatus.Complete,
        };
    }

    static RolloutStatus Deployment(JsonNode live, JsonNode? status)
    {
        if (Condition(status, "Progressing") is { } progressing && progressing["reason"]?.GetValue<string>() == "ProgressDeadlineExceeded")
        {
            return RolloutStatus.Fail($"ProgressDeadlineExceeded: {progressing["message"]?.GetValue<string>() ?? "the rollout made no progress"}");
        }

        var desired = live["spec"]?["replicas"] is { } r ? Number(r) : 1;
        var updated = Number(status?["updatedReplicas"]);
        var ready = Number(status?["readyReplicas"]);
        var available = Number(status?["availableReplicas"]);
        var total = status?["replicas"] is { } t ? Number(t) : updated;
        if (updated < desired)
        {
            return RolloutStatus.Wait($"{updated} of {desired} replicas updated");
        }

        if (total > updated)
        {
            return RolloutStatus.Wait($"{total - updated} old replicas pending termination");
        }

        if (ready < desired || available < desired)
        {
            return RolloutStatus.Wait($"{Math.Min(ready, available)} of {desired} replicas available");
        }

        return RolloutStatus.Complete;
    }

    static RolloutStatus StatefulSet(JsonNode live, JsonNode? status)
    {
        var desired = live["spec"]?["replicas"] is { } r ? Number(r) : 1;
        var ready = Number(status?["readyReplicas"]);
        var updated = status?["updatedReplicas"] is { } u ? Number(u) : ready;
        if (ready < desired)
        {
            return RolloutStatus.Wait($"{ready} of {desired} pods ready");
        }

        if (updated < desired)
        {
            return RolloutStatus.Wait($"{updated} of {desired} pods updated");
        }

        return RolloutStatus.Complete;
    }

    static RolloutStatus DaemonSet(JsonNode? status)
    {
        if (status?["desiredNumberScheduled"] is null)
        {
            return RolloutStatus.Wait("no status yet");
        }

        var desired = Number(status["desiredNumberScheduled"]);
        var updated = Number(status["updatedNumberScheduled"]);
        var available = Number(status["numberAvailable"]);
        if (updated < desired)
        {
            return RolloutStatus.Wait($"{updated} of {desired} pods updated");
        }

        return available < desired ? RolloutStatus.Wait($"{available} of {desired} pods available") : RolloutStatus.Complete;
    }

    static RolloutStatus Job(JsonNode? status)
    {
        if (Condition(status, "Failed") is { } failed && failed["status"]?.GetValue<string>() == "True")
        {
            return RolloutStatus.Fail($"{failed["reason"]?.GetValue<string>() ?? "Failed"}: {failed["message"]?.GetValue<string>() ?? "the job failed"}");
        }

        return Condition(status, "Complete") is { } complete && complete["status"]?.GetValue<string>() == "True"
            ? RolloutStatus.Complete
            : RolloutStatus.Wait("job not complete");
    }

    static JsonNode? Condition(JsonNode? status, string type) =>
        status?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type);

    static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : node is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : 0;
}
