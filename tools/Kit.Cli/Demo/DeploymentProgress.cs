using System.Collections.Concurrent;
using Kit.Contracts;

namespace Kit.Cli.Demo;

/// <summary>What one process has seen of its deployments, fed by <see cref="ProgressConsumer"/>.</summary>
public sealed class DeploymentProgress
{
    readonly ConcurrentDictionary<Guid, DeploymentView> deployments = new();

    public DeploymentView For(Guid deploymentId) => deployments.GetOrAdd(deploymentId, id => new DeploymentView(id));

    /// <summary>Every deployment seen so far.</summary>
    public IReadOnlyList<DeploymentView> All() => [.. deployments.Values];

    /// <summary>Waits for the deployment's <see cref="DeploymentCompleted"/>, or throws on timeout.</summary>
    public async Task<DeploymentCompleted> CompletedAsync(Guid deploymentId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await For(deploymentId).Completion.Task.WaitAsync(timeout, cancellationToken);
}
