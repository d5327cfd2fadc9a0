namespace Kit.Kubernetes.Api;

/// <summary>A cluster's kubeconfig is missing, broken or not allowed; that cluster fails, no other.</summary>
public sealed class ClusterConfigurationException(string message) : Exception(message);
