using System.Net;
using Kit.Contracts;
using Kit.Kubernetes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>
/// kit's <c>namespaces/&lt;cluster&gt;/*.yaml</c> (<see cref="ManifestsRendered.Namespaces"/>): each Namespace is created
/// before the cluster's manifests when it is missing, and never updated, labelled or pruned (kit-deployer's rule), so
/// what others add to an existing namespace stays.
/// </summary>
static class KitNamespaces
{
    static readonly ApiResource Namespaces = new("v1", "Namespace", "namespaces", false);

    /// <summary>The message's namespace objects; anything but a v1 Namespace is a <see cref="ManifestException"/>.</summary>
    public static IReadOnlyList<ManifestObject> Of(ManifestsRendered message)
    {
        var objects = message.Namespaces is { Count: > 0 } files ? ManifestParser.Parse(files) : [];
        foreach (var item in objects.Where(o => o.ApiVersion != "v1" || o.Kind != "Namespace"))
        {
            throw new ManifestException($"{item.File}:{item.Line}: {item.Display} is in the namespaces folder, which holds only Namespace objects (apiVersion v1)");
        }

        return objects;
    }

    /// <summary>The answer of a request into namespace <paramref name="name"/> that does not exist.</summary>
    public static bool IsMissing(KubeResponse response, string? name) =>
        name is not null && response.Status == HttpStatusCode.NotFound
        && response.Body?["details"]?["kind"]?.GetValue<string>() == "namespaces" && response.Body?["details"]?["name"]?.GetValue<string>() == name;

    /// <summary>
    /// Creates each missing namespace (with <paramref name="writes"/> false only looks: dry-run and diff) and returns
    /// one <c>created</c> action per namespace that was (or would be) created; an existing one is left as it is.
    /// </summary>
    public static async Task<IReadOnlyList<ResourceAction>> EnsureAsync(ClusterConnection cluster, IReadOnlyList<ManifestObject> namespaces, bool writes, CancellationToken cancellationToken)
    {
        var actions = new List<ResourceAction>();
        foreach (var item in namespaces)
        {
            if (!writes)
            {
                var live = await cluster.GetAsync(Namespaces.Item(null, item.Name), cancellationToken);
                if (live.Status != HttpStatusCode.NotFound)
                {
                    live.Ensure($"reading Namespace {item.Name}");
                    continue;
                }
            }
            else
            {
                // A create never changes an existing namespace: AlreadyExists is the answer for one that is there.
                var body = item.Body.DeepClone().AsObject();
                body["metadata"]!.AsObject().Remove("namespace");
                var created = await cluster.SendAsync(HttpMethod.Post, $"{Namespaces.Collection(null)}?fieldManager={Marks.FieldManager}", body, "application/json", cancellationToken, readBody: false);
                if (created.Status == HttpStatusCode.Conflict && created.Reason == "AlreadyExists")
                {
                    continue;
                }

                if (!created.IsSuccess)
                {
                    throw new DeployException($"{item.Display} ({item.File}:{item.Line}): {created.Message}");
                }
            }

            actions.Add(new ResourceAction { Kind = "Namespace", Name = item.Name, Action = "created" });
        }

        return actions;
    }
}
