using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One managedFields entry: a manager, its operation and the fields it owns.</summary>
sealed class ManagedFieldsEntry
{
    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public required string ApiVersion { get; set; }

    public required string Time { get; set; }

    public string? Subresource { get; init; }

    public required HashSet<string> Fields { get; set; }

    public bool Is(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;

    /// <summary>The manager as kube-apiserver names it in a conflict: "kit", "kubectl-edit" using apps/v1, with its subresource.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource is not null)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == "Update" ? $"{text} using {ApiVersion}" : text;
    }

    public static List<ManagedFieldsEntry> Read(JsonObject obj) =>
        (Json.Metadata(obj)["managedFields"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(e => new ManagedFieldsEntry
            {
                Manager = Json.Str(e, "manager") ?? "",
                Operation = Json.Str(e, "operation") ?? "Update",
                ApiVersion = Json.Str(e, "apiVersion") ?? "",
                Time = Json.Str(e, "time") ?? Json.Now(),
                Subresource = Json.Str(e, "subresource"),
                Fields = FieldPaths.FromFieldsV1(e["fieldsV1"] as JsonObject),
            })
            .ToList();

    public static void Write(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        foreach (var e in entries.Where(e => e.Fields.Count > 0))
        {
            var node = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.ToFieldsV1(e.Fields),
            };
            if (e.Subresource is not null)
            {
                node["subresource"] = e.Subresource;
            }

            array.Add(node);
        }

        var metadata = Json.Metadata(obj);
        if (array.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = array;
        }
    }
}
