using Kit.Contracts;

namespace Kit.Tracking.Consumers;

/// <summary>Records a ClusterDeployed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class ClusterDeployedConsumer(DeploymentTracker tracker) : TrackedEventConsumer<ClusterDeployed>(tracker, tracker.ClusterDeployedAsync);
