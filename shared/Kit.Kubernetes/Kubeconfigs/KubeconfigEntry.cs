using k8s.KubeConfigModels;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>One kubeconfig file of the directory: the cluster it names, or why it cannot be used.</summary>
public sealed record KubeconfigEntry
{
    public required string Path { get; init; }

    /// <summary>The kubeconfig's <c>metadata.name</c>, else its current context.</summary>
    public required string Cluster { get; init; }

    /// <summary>The current context's namespace: the default for namespaced objects and home of the inventory.</summary>
    public string Namespace { get; init; } = "default";

    public string? Context { get; init; }

    public K8SConfiguration? Config { get; init; }

    /// <summary>The command of an exec credential plugin, when the user the client resolves has one.</summary>
    public string? ExecCommand { get; init; }

    /// <summary>An auth-provider with a <c>cmd-path</c> (a command to run for a token), when that user has one.</summary>
    public string? AuthProviderCommand { get; init; }

    /// <summary>Why this file cannot be used; the cluster it was meant for fails with this message.</summary>
    public string? Error { get; init; }

    public DateTime LastWriteUtc { get; init; }

    public long Length { get; init; }
}
