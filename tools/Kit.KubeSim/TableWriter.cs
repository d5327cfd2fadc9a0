using System.Globalization;
using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>meta.k8s.io/v1 Table responses, with the columns kubectl shows for the common kinds.</summary>
static class TableWriter
{
    sealed record Column(string Name, string Type, Func<JsonObject, JsonNode?> Cell, string Format = "");

    public static JsonObject Table(ResourceType type, IEnumerable<StoredObject> objects, long resourceVersion, string? includeObject)
    {
        var columns = Columns(type);
        var rows = new JsonArray();
        foreach (var stored in objects)
        {
            var obj = stored.Parse();
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(obj))]) };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object"
                    ? obj
                    : new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = obj["metadata"]?.DeepClone() };
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Name,
                ["priority"] = 0,
            })]),
            ["rows"] = rows,
        };
    }

    static List<Column> Columns(ResourceType type)
    {
        var name = new Column("Name", "string", o => Json.Str(o, "metadata", "name"), "name");
        var age = new Column("Age", "string", o => Age(Json.Str(o, "metadata", "creationTimestamp")));
        return type.Kind switch
        {
            "Deployment" => [name, new("Ready", "string", o => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"), new("Up-to-date", "integer", o => Int(o, "status", "updatedReplicas")), new("Available", "integer", o => Int(o, "status", "availableReplicas")), age],
            "ReplicaSet" => [name, new("Desired", "integer", o => Int(o, "spec", "replicas")), new("Current", "integer", o => Int(o, "status", "replicas")), new("Ready", "integer", o => Int(o, "status", "readyReplicas")), age],
            "StatefulSet" => [name, new("Ready", "string", o => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"), age],
            "DaemonSet" => [name, new("Desired", "integer", o => Int(o, "status", "desiredNumberScheduled")), new("Current", "integer", o => Int(o, "status", "currentNumberScheduled")), new("Ready", "integer", o => Int(o, "status", "numberReady")), new("Up-to-date", "integer", o => Int(o, "status", "updatedNumberScheduled")), new("Available", "integer", o => Int(o, "status", "numberAvailable")), age],
            "Pod" => [name, new("Ready", "string", o => PodReady(o)), new("Status", "string", o => PodStatus(o)), new("Restarts", "string", _ => "0"), age],
            "Job" => [name, new("Status", "string", o => JobStatus(o)), new("Completions", "string", o => $"{Int(o, "status", "succeeded")}/{Int(o, "spec", "completions")}"), age],
            "Service" => [name, new("Type", "string", o => Json.Str(o, "spec", "type")), new("Cluster-IP", "string", o => Json.Str(o, "spec", "clusterIP") ?? "<none>"), new("External-IP", "string", _ => "<none>"), new("Port(s)", "string", o => Ports(o)), age],
            "ConfigMap" => [name, new("Data", "integer", o => ((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0)), age],
            "Secret" => [name, new("Type", "string", o => Json.Str(o, "type") ?? "Opaque"), new("Data", "integer", o => (o["data"] as JsonObject)?.Count ?? 0), age],
            "Namespace" => [name, new("Status", "string", o => Json.Str(o, "status", "phase") ?? "Active"), age],
            "Event" => [new("Last Seen", "string", o => Age(Json.Str(o, "lastTimestamp") ?? Json.Str(o, "metadata", "creationTimestamp"))), new("Type", "string", o => Json.Str(o, "type")), new("Reason", "string", o => Json.Str(o, "reason")), new("Object", "string", o => $"{Json.Str(o, "involvedObject", "kind")?.ToLowerInvariant()}/{Json.Str(o, "involvedObject", "name")}"), new("Message", "string", o => Json.Str(o, "message"))],
            _ => [name, age],
        };
    }

    static long Int(JsonObject o, params string[] path) => Json.Int(o, path) ?? 0;

    static string PodReady(JsonObject o)
    {
        var statuses = o["status"]?["containerStatuses"] as JsonArray ?? [];
        var total = (o["spec"]?["containers"] as JsonArray)?.Count ?? statuses.Count;
        return $"{statuses.Count(s => s?["ready"]?.GetValue<bool>() == true)}/{total}";
    }

    static string PodStatus(JsonObject o)
    {
        var waiting = (o["status"]?["containerStatuses"] as JsonArray ?? []).Select(s => Json.Str(s, "state", "waiting", "reason")).FirstOrDefault(r => r is not null);
        return waiting ?? Json.Str(o, "status", "phase") ?? "Pending";
    }

    static string JobStatus(JsonObject o)
    {
        var complete = (o["status"]?["conditions"] as JsonArray ?? []).Any(c => Json.Str(c, "type") == "Complete" && Json.Str(c, "status") == "True");
        return complete ? "Complete" : "Running";
    }

    static string Ports(JsonObject o)
    {
        var ports = (o["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{Json.Int(p, "port")}/{Json.Str(p, "protocol") ?? "TCP"}").ToList();
        return ports.Count == 0 ? "<none>" : string.Join(',', ports);
    }

    /// <summary>kubectl's short human duration: 45s, 3m10s, 5h, 2d3h.</summary>
    public static string Age(string? timestamp)
    {
        if (!DateTime.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }

        var d = DateTime.UtcNow - created;
        var seconds = Math.Max(0, (long)d.TotalSeconds);
        return seconds switch
        {
            < 120 => $"{seconds}s",
            < 600 => seconds % 60 == 0 ? $"{seconds / 60}m" : $"{seconds / 60}m{seconds % 60}s",
            < 3 * 3600 => $"{seconds / 60}m",
            < 8 * 3600 => $"{seconds / 3600}h{seconds / 60 % 60}m",
            < 48 * 3600 => $"{seconds / 3600}h",
            < 8 * 86400 => $"{seconds / 86400}d{seconds / 3600 % 24}h",
            _ => $"{seconds / 86400}d",
        };
    }
}
