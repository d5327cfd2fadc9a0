using System.Collections.Concurrent;
using Kit.Contracts;

namespace Kit.Cli.Demo;

/// <summary>One deployment as the events tell it so far.</summary>
public sealed class DeploymentView(Guid id)
{
    public Guid Id { get; } = id;
    public ManifestsCommitted? Committed { get; set; }
    public DeploymentPlanned? Planned { get; set; }
    public ConcurrentDictionary<string, ClusterDeployed> Clusters { get; } = new();
    public ConcurrentQueue<string> Failures { get; } = new();
    public TaskCompletionSource<DeploymentCompleted> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
