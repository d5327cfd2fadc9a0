using Kit.Contracts;

namespace Kit.Tracking.Consumers;

/// <summary>Records a RenderFailed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class RenderFailedConsumer(DeploymentTracker tracker) : TrackedEventConsumer<RenderFailed>(tracker, tracker.RenderFailedAsync);
