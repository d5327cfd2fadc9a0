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
                spec["revisionHistoryLimit"] ??= 10;
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
                else if (Json.Str(spec, "type") != "ExternalName" && spec["clusterIPs"] is not JsonArray { Count: > 0 })
                {
                    // A client that sets only the singular field gets the plural one too.
                    spec["clusterIPs"] = new JsonArray(spec["clusterIP"]!.DeepClone());
                }

                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                    port["targetPort"] ??= port["port"]?.DeepClone();
                }

                break;
        }
    }

    /// <summary>What a kind's create strategy fills in: a Job's selector on its own uid, unless the selector is manual.</summary>
    public static void Create(ResourceType type, JsonObject obj)
    {
        if (type.Kind != "Job" || obj["spec"] is not JsonObject spec || spec["manualSelector"]?.GetValue<bool>() == true)
        {
            return;
        }

        var name = Json.Str(obj, "metadata", "name")!;
        var uid = Json.Str(obj, "metadata", "uid")!;
        var labels = Json.Obj(Json.Metadata(Json.Obj(spec, "template")), "labels");
        labels["batch.kubernetes.io/controller-uid"] ??= uid;
        labels["batch.kubernetes.io/job-name"] ??= name;
        labels["controller-uid"] ??= uid;
        labels["job-name"] ??= name;
        Json.Obj(Json.Obj(spec, "selector"), "matchLabels")["batch.kubernetes.io/controller-uid"] ??= uid;
    }

    /// <summary>
    /// What a kind's update strategy carries over: a Service keeps the cluster IPs allocated for it when the
    /// update leaves them out, and a changed clusterIP moves clusterIPs along (validation then judges the change).
    /// </summary>
    public static void Update(ResourceType type, JsonObject live, JsonObject candidate)
    {
        if (type.Kind != "Service" || type.Group.Length != 0 || candidate["spec"] is not JsonObject spec
            || Json.Str(live, "spec", "type") == "ExternalName" || Json.Str(spec, "type") == "ExternalName")
        {
            return;
        }

        if (string.IsNullOrEmpty(Json.Str(spec, "clusterIP")))
        {
            spec["clusterIP"] = live["spec"]?["clusterIP"]?.DeepClone();
        }

        if (spec["clusterIPs"] is not JsonArray { Count: > 0 } && live["spec"]?["clusterIPs"] is JsonArray { Count: > 0 } allocated)
        {
            spec["clusterIPs"] = allocated.DeepClone();
        }

        var clusterIp = Json.Str(spec, "clusterIP");
        if (clusterIp != Json.Str(live, "spec", "clusterIP") && Json.DeepEquals(spec["clusterIPs"], live["spec"]?["clusterIPs"]) && !string.IsNullOrEmpty(clusterIp))
        {
            spec["clusterIPs"] = new JsonArray(clusterIp);
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

    /// <summary>As with a default StorageClass that binds at once: the claim is Bound with the capacity it asked for.</summary>
    static JsonObject BoundClaim(JsonObject claim)
    {
        var status = new JsonObject { ["phase"] = "Bound" };
        if (claim["spec"]?["accessModes"] is JsonArray modes)
        {
            status["accessModes"] = modes.DeepClone();
        }

        if (claim["spec"]?["resources"]?["requests"]?["storage"] is { } storage)
        {
            status["capacity"] = new JsonObject { ["storage"] = storage.DeepClone() };
        }

        return status;
    }

    public static JsonObject? InitialStatus(ResourceType type, JsonObject obj) => type.Kind switch
    {
        // As with a default StorageClass that binds at once: the claim is Bound with the capacity it asked for.
        "PersistentVolumeClaim" when type.Group.Length == 0 => BoundClaim(obj),
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
