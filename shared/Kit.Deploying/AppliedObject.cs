using System.Text.Json.Nodes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>
/// An object as kit applies it: where it lives, its hash, and the body kit sends (its namespace set, kit's marks
/// added). The body is made the first time it is needed: most objects of a set are unchanged and never sent.
/// </summary>
public sealed class AppliedObject(ManifestObject source, ApiResource resource, string? @namespace, string hash, Func<JsonObject> body)
{
    JsonObject? built;

    public ManifestObject Source { get; } = source;

    public ApiResource Resource { get; } = resource;

    public string? Namespace { get; } = @namespace;

    public string Name { get; } = source.Name;

    public string Hash { get; } = hash;

    public JsonObject Body => built ??= body();

    public string Kind => Resource.Kind;

    public string Path => Resource.Item(Namespace, Name);

    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
