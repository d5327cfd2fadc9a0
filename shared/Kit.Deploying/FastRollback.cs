using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kit.Kubernetes;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>
/// kit's fast-rollback strategy: each Deployment deploys beside the old one as <c>&lt;name&gt;-&lt;deployId&gt;</c>,
/// and the Services that select it switch to the copy only once it is available. The old copies keep
/// serving until then; the last <see cref="Kept"/> old copies stay for an instant rollback.
/// </summary>
public static partial class FastRollback
{
    public const string Strategy = "fast-rollback";
    public const int Kept = 3;

    /// <summary>A DNS-label form of the deploy id (lower case, at most 20 characters).</summary>
    public static string DeployId(string? deployId, string commit)
    {
        var raw = string.IsNullOrWhiteSpace(deployId) ? commit[..Math.Min(8, commit.Length)] : deployId;
        var id = Unsafe().Replace(raw.ToLowerInvariant(), "-").Trim('-');
        id = id.Length > 20 ? id[..20].Trim('-') : id;
        return id.Length == 0 ? "x" : id;
    }

    /// <summary>The set with Deployments renamed and relabelled, and the Services that select them marked as switched.</summary>
    public static (IReadOnlyList<ManifestObject> Objects, IReadOnlyList<ManifestObject> Services) Transform(IReadOnlyList<ManifestObject> objects, string deployId)
    {
        var result = new List<ManifestObject>();
        var templates = new List<IReadOnlyDictionary<string, string>>();
        foreach (var item in objects.Where(o => o.Kind == "Deployment"))
        {
            templates.Add(ManifestObject.Strings(item.Body["spec"]?["template"]?["metadata"]?["labels"]));
        }

        var services = new List<ManifestObject>();
        foreach (var item in objects)
        {
            if (item.Kind == "Deployment")
            {
                result.Add(Copy(item, deployId));
            }
            else if (item.Kind == "Service" && Selects(item, templates))
            {
                var body = (JsonObject)item.Body.DeepClone();
                body["spec"]!["selector"]![Marks.DeployId] = deployId;
                var service = item with { Body = body };
                services.Add(service);
                result.Add(service);
            }
            else
            {
                result.Add(item);
            }
        }

        return (result, services);
    }

    static ManifestObject Copy(ManifestObject item, string deployId)
    {
        var body = (JsonObject)item.Body.DeepClone();
        var metadata = body["metadata"]!.AsObject();
        var name = item.Name;
        metadata["name"] = $"{name}-{deployId}";
        var labels = Ensure(metadata, "labels");
        labels[Marks.DeployId] = deployId;
        labels[Marks.CopyOf] = name;
        var spec = Ensure(body, "spec");
        Ensure(Ensure(spec, "selector"), "matchLabels")[Marks.DeployId] = deployId;
        Ensure(Ensure(Ensure(spec, "template"), "metadata"), "labels")[Marks.DeployId] = deployId;
        return item with { Body = body };
    }

    static bool Selects(ManifestObject service, List<IReadOnlyDictionary<string, string>> templates)
    {
        var selector = ManifestObject.Strings(service.Body["spec"]?["selector"]);
        return selector.Count > 0 && templates.Any(t => selector.All(s => t.TryGetValue(s.Key, out var v) && v == s.Value));
    }

    static JsonObject Ensure(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex Unsafe();
}
