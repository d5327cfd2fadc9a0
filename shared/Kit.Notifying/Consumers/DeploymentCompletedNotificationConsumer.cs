using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Sends the deployment's one Slack message and its webhook; the event is acknowledged once both are delivered or given up.</summary>
public sealed class DeploymentCompletedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<DeploymentCompleted>(notifier.DeploymentCompletedAsync);
