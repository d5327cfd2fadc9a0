namespace Kit.Kubernetes.Api;

/// <summary>The cluster did not answer, or kept answering 5xx, through every retry.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
