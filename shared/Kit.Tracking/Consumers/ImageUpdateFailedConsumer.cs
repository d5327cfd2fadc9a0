using Kit.Contracts;

namespace Kit.Tracking.Consumers;

/// <summary>Records a ImageUpdateFailed and publishes DeploymentCompleted when it completes the deployment.</summary>
public sealed class ImageUpdateFailedConsumer(DeploymentTracker tracker) : TrackedEventConsumer<ImageUpdateFailed>(tracker, tracker.ImageUpdateFailedAsync);
