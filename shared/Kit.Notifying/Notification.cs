namespace Kit.Notifying;

/// <summary>One message for one destination (Slack, or the webhook of one event type).</summary>
public sealed record Notification(string Destination, Uri Url, string Body, Guid DeploymentId);
