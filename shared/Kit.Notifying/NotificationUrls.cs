namespace Kit.Notifying;

/// <summary>Checks and names webhook URLs without revealing them (a webhook URL is itself a secret).</summary>
public static class NotificationUrls
{
    public static bool IsHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    /// <summary>Scheme and host only, for log lines.</summary>
    public static string Redact(Uri uri) => $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}/…";
}
