using System.Text.Json.Nodes;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>The container images a manifest set runs.</summary>
public static class Images
{
    public static IReadOnlyList<string> Of(IEnumerable<ManifestObject> objects)
    {
        var result = new List<string>();
        foreach (var item in objects)
        {
            var pod = item.Kind switch
            {
                "Pod" => item.Body["spec"],
                "CronJob" => item.Body["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"],
                _ => item.Body["spec"]?["template"]?["spec"],
            };
            foreach (var list in new[] { "initContainers", "containers" })
            {
                foreach (var container in pod?[list] as JsonArray ?? [])
                {
                    if (container?["image"] is JsonValue image && image.TryGetValue<string>(out var text) && !result.Contains(text))
                    {
                        result.Add(text);
                    }
                }
            }
        }

        return result;
    }
}
