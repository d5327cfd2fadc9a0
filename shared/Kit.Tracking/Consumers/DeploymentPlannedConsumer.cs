using Kit.Contracts;

namespace Kit.Tracking.Consumers;

/// <summary>Records a DeploymentPlanned and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class DeploymentPlannedConsumer(DeploymentTracker tracker) : TrackedEventConsumer<DeploymentPlanned>(tracker, tracker.PlannedAsync);
