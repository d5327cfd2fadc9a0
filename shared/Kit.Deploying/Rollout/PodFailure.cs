namespace Kit.Deploying.Rollout;

/// <summary>A container that cannot start: its pod, container, reason and the kubelet's message.</summary>
public sealed record PodFailure(string Pod, string Container, string Reason, string? Message)
{
    public override string ToString() => Message is null
        ? $"pod {Pod} container {Container}: {Reason}"
        : $"pod {Pod} container {Container}: {Reason}: {Message}";
}
