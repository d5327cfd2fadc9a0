using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Manifests;

/// <summary>One object of a cluster's manifest set, as rendered, with where it came from.</summary>
/// <param name="Body">
/// The object as rendered. Read-only: every cluster whose set was parsed from the same text shares these nodes, so
/// whoever needs the object changed (kit's marks, a fast-rollback copy) changes a <c>DeepClone</c> of its own.
/// </param>
/// <param name="File">The rendered file it came from.</param>
/// <param name="Line">The line its document starts at in <paramref name="File"/>.</param>
public sealed record ManifestObject(JsonObject Body, string File, int Line)
{
    public string ApiVersion => Body["apiVersion"]!.GetValue<string>();

    public string Kind => Body["kind"]!.GetValue<string>();

    public string Name => Body["metadata"]!["name"]!.GetValue<string>();

    /// <summary>The namespace written in the manifest, if any; the kubeconfig's applies otherwise.</summary>
    public string? Namespace => Body["metadata"]?["namespace"]?.GetValue<string>();

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
