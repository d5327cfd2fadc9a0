using System.Text.Json.Nodes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>An object as kit applied it: where it lives and what the server answered.</summary>
public sealed record AppliedObject(ManifestObject Source, ApiResource Resource, string? Namespace, string Name, JsonObject Body, string Hash)
{
    public string Kind => Resource.Kind;

    public string Path => Resource.Item(Namespace, Name);

    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
