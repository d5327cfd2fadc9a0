using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>A kubeconfig with kit's <c>metadata.name</c>, read in one pass.</summary>
public sealed class NamedKubeconfig : K8SConfiguration
{
    [YamlMember(Alias = "metadata")]
    public KubeconfigMetadata? Metadata { get; set; }
}
