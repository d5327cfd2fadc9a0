using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>The few defaults clients read back (replicas, Service type and IP, port protocol).</summary>
static class Defaults
{
    public static void Apply(ResourceType type, JsonObject obj, Func<string> allocateIp)
    {
        ContainerPorts(obj["spec"], 0);
        var spec = obj["spec"] as JsonObject;
        switch (type.Kind)
        {
            case "Deployment" when spec is not null:
                spec["replicas"] ??= 1;
                spec["progressDeadlineSeconds"] ??= 600;
                // Field by field, as the API server does: kubectl create sends an empty strategy.
                var strategy = Json.Obj(spec, "strategy");
                strategy["type"] ??= "RollingUpdate";
                if (Json.Str(strategy, "type") == "RollingUpdate")
                {
                    var rollingUpdate = Json.Obj(strategy, "rollingUpdate");
                    rollingUpdate["maxUnavailable"] ??= "25%";
                    rollingUpdate["maxSurge"] ??= "25%";
                }

                break;
            case "StatefulSet" when spec is not null:
                spec["replicas"] ??= 1;
                spec["podManagementPolicy"] ??= "OrderedReady";
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                break;
            case "DaemonSet" when spec is not null:
                spec["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 } };
                break;
            case "ReplicaSet" when spec is not null:
                spec["replicas"] ??= 1;
                break;
            case "Job" when spec is not null:
                spec["completions"] ??= 1;
                spec["parallelism"] ??= 1;
                break;
            case "Secret" when obj["stringData"] is JsonObject stringData:
                // As the API server does: stringData is write-only and lands base64-encoded in data.
                var data = Json.Obj(obj, "data");
                foreach (var (key, value) in stringData)
                {
                    data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.ToString() ?? ""));
                }

                obj.Remove("stringData");
                obj["type"] ??= "Opaque";
                break;
            case "Secret":
                obj["type"] ??= "Opaque";
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

    /// <summary>Container ports default to TCP wherever a pod spec appears (pods, templates, job templates).</summary>
    static void ContainerPorts(JsonNode? node, int depth)
    {
        if (depth > 8 || node is not JsonObject obj)
        {
            return;
        }

        foreach (var key in new[] { "containers", "initContainers" })
        {
            foreach (var container in (obj[key] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                }
            }
        }

        ContainerPorts(obj["template"], depth + 1);
        ContainerPorts(obj["spec"], depth + 1);
        ContainerPorts(obj["jobTemplate"], depth + 1);
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
