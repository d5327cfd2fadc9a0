using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>The autoscaling/v1 Scale view of Deployments, StatefulSets and ReplicaSets (kubectl scale).</summary>
static class ScaleSubresource
{
    public static bool Supports(ResourceType type) => type.Kind is "Deployment" or "StatefulSet" or "ReplicaSet";

    public static JsonObject Of(StoredObject stored)
    {
        var obj = stored.Parse();
        var metadata = obj["metadata"] as JsonObject;
        var matchLabels = obj["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata?["name"]?.DeepClone(),
                ["namespace"] = metadata?["namespace"]?.DeepClone(),
                ["uid"] = metadata?["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata?["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = Json.Int(obj, "spec", "replicas") ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = Json.Int(obj, "status", "replicas") ?? 0,
                ["selector"] = string.Join(',', matchLabels.Select(l => $"{l.Key}={l.Value}")),
            },
        };
    }

    /// <summary>Applies a PUT body or a patch to the Scale view and writes the new replica count back.</summary>
    public static StoredObject Write(ResourceOperations ops, ResourceType type, string? ns, string name, JsonObject scale, string manager, bool dryRun)
    {
        var replicas = Json.Int(scale, "spec", "replicas") ?? throw ApiException.Invalid(type, name, "spec.replicas", "Required value");
        if (replicas < 0)
        {
            throw ApiException.Invalid(type, name, "spec.replicas", $"Invalid value: {replicas}: must be greater than or equal to 0");
        }

        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        if (Json.Str(scale, "metadata", "resourceVersion") is { Length: > 0 } rv)
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = rv };
        }

        return ops.Patch(type, ns, name, "application/merge-patch+json", patch.ToJsonString(), manager, force: false, dryRun, statusWrite: false);
    }
}
