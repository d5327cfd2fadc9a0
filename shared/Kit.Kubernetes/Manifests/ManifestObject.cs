using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Manifests;

/// <summary>One object of a cluster's manifest set, as rendered, with where it came from.</summary>
public sealed record ManifestObject(JsonObject Body, string File, int Line)
{
    public string ApiVersion => Body["apiVersion"]!.GetValue<string>();

    public string Kind => Body["kind"]!.GetValue<string>();

    public string Name => Body["metadata"]!["name"]!.GetValue<string>();

    /// <summary>The namespace written in the manifest, if any; the kubeconfig's applies otherwise.</summary>
    public string? Namespace => Body["metadata"]?["namespace"]?.GetValue<string>();

    public JsonObject Metadata => Body["metadata"]!.AsObject();

    public string? Annotation(string key) => Body["metadata"]?["annotations"]?[key]?.GetValue<string>();

    public IReadOnlyDictionary<string, string> Labels => Strings(Body["metadata"]?["labels"]);

    /// <summary><c>Kind namespace/name</c>, as error messages name objects.</summary>
    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public static IReadOnlyDictionary<string, string> Strings(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                result[key] = value?.ToString() ?? "";
            }
        }

        return result;
    }
}
