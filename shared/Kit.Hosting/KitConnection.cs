using Microsoft.Extensions.Configuration;

namespace Kit.Hosting;

/// <summary>Reads and checks <c>ConnectionStrings:RabbitMq</c>.</summary>
public static class KitConnection
{
    public const string RabbitMqKey = "RabbitMq";

    /// <summary>The broker URI, or null when none is configured.</summary>
    public static Uri? RabbitMq(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(RabbitMqKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TryParse(value, out var uri, out var error) ? uri : throw new KitConfigurationException(error);
    }

    /// <summary>Parses <c>amqp://user:pass@host:port/vhost</c> (or <c>amqps://</c>).</summary>
    public static bool TryParse(string value, out Uri uri, out string error)
    {
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out uri!) || (uri.Scheme != "amqp" && uri.Scheme != "amqps") || string.IsNullOrEmpty(uri.Host))
        {
            error = "ConnectionStrings__RabbitMq must be an amqp:// or amqps:// URL such as amqp://user:pass@host:5672/vhost";
            return false;
        }

        return true;
    }

    /// <summary>The URI without its password, for log lines.</summary>
    public static string Redact(Uri uri) => $"{uri.Scheme}://{uri.Host}:{(uri.IsDefaultPort ? 5672 : uri.Port)}{uri.AbsolutePath}";
}
