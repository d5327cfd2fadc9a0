using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>The few defaults clients read back (replicas, Service type and IP, port protocol).</summary>
static class Defaults
{
    public static void Apply(ResourceType type, JsonObject obj, Func<string> allocateIp)
    {
        var spec = obj["spec"] as JsonObject;
        switch (type.Kind)
        {
            case "Deployment" when spec is not null:
                spec["replicas"] ??= 1;
                spec["progressDeadlineSeconds"] ??= 600;
                break;
            case "StatefulSet" or "ReplicaSet" when spec is not null:
                spec["replicas"] ??= 1;
                break;
            case "Job" when spec is not null:
                spec["completions"] ??= 1;
                spec["parallelism"] ??= 1;
                break;
            case "Service" when spec is not null:
                spec["type"] ??= "ClusterIP";
                if (Json.Str(spec, "type") != "ExternalName" && spec["clusterIP"] is null)
                {
                    var ip = allocateIp();
                    spec["clusterIP"] = ip;
                    spec["clusterIPs"] = new JsonArray(ip);
                }

                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                    port["targetPort"] ??= port["port"]?.DeepClone();
                }

                break;
        }
    }

    public static JsonObject? InitialStatus(ResourceType type) => type.Kind switch
    {
        "Namespace" => new JsonObject { ["phase"] = "Active" },
        "Pod" => new JsonObject { ["phase"] = "Pending" },
        "CustomResourceDefinition" => new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found", ["lastTransitionTime"] = Json.Now() },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted", ["lastTransitionTime"] = Json.Now() }),
        },
        _ => null,
    };
}
