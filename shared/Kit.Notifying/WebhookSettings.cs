namespace Kit.Notifying;

/// <summary>
/// Generic outgoing webhooks, one URL per event type: <c>Kit:Webhook:Urls:&lt;Event&gt;</c>, e.g.
/// <c>Kit__Webhook__Urls__DeploymentCompleted=https://ci.example.com/hooks/kit</c>. The body is JSON:
/// <c>{"event": "...", "deploymentId": "...", "sentAt": "...", "data": {the event}}</c>.
/// </summary>
public sealed class WebhookSettings
{
    public const string Section = "Kit:Webhook";

    /// <summary>The events a webhook can be configured for.</summary>
    public static readonly IReadOnlyList<string> Events =
        ["DeploymentPlanned", "ClusterDeployed", "RenderFailed", "ImageUpdateFailed", "DeploymentCompleted", "DriftDetected"];

    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The URL for an event type, or null when none is configured.</summary>
    public Uri? UrlFor(string eventName) =>
        Urls.TryGetValue(eventName, out var url) && !string.IsNullOrWhiteSpace(url) ? new Uri(url) : null;

    /// <summary>One line per wrong entry, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, url) in Urls)
        {
            if (!Events.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"Kit__Webhook__Urls__{name} names no event: use one of {string.Join(", ", Events)}";
            }
            else if (!string.IsNullOrWhiteSpace(url) && !NotificationUrls.IsHttp(url))
            {
                yield return $"Kit__Webhook__Urls__{name} must be an http:// or https:// URL";
            }
        }
    }
}
