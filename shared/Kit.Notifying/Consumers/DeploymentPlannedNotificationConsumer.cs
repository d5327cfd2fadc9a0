using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the DeploymentPlanned webhook and the deployments commit's pending status, when configured, before the event is acknowledged.</summary>
public sealed class DeploymentPlannedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<DeploymentPlanned>(notifier.DeploymentPlannedAsync);
