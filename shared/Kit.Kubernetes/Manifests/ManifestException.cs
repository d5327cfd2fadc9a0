namespace Kit.Kubernetes.Manifests;

/// <summary>A manifest set cannot be applied; the message names the file and line. Nothing was touched.</summary>
public sealed class ManifestException(string message) : Exception(message);
