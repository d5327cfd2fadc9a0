using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the optional early first-failure message and the ClusterDeployed webhook before the event is acknowledged.</summary>
public sealed class ClusterDeployedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<ClusterDeployed>(notifier.ClusterDeployedAsync);
