namespace Kit.Notifying;

/// <summary>One message for one destination (Slack, Teams, the webhook of one event type, or a commit status API).</summary>
public sealed record Notification(string Destination, Uri Url, string Body, Guid DeploymentId)
{
    /// <summary>Request headers besides the JSON content type (an API's token: never logged).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
