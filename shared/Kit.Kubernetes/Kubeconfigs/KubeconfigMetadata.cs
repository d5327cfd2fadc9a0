using YamlDotNet.Serialization;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>kit's <c>metadata</c> block of a kubeconfig: the cluster name.</summary>
public sealed class KubeconfigMetadata
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }
}
