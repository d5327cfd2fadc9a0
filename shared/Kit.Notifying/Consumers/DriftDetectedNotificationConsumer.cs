using Kit.Contracts;

namespace Kit.Notifying.Consumers;

/// <summary>Tells a drift episode once, to Slack and the DriftDetected webhook (queue <c>drift-detected-notification</c>).</summary>
public sealed class DriftDetectedNotificationConsumer(DeploymentNotifier notifier) : NotificationConsumer<DriftDetected>(notifier.DriftDetectedAsync);
