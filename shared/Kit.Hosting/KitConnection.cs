using Microsoft.Extensions.Configuration;

namespace Kit.Hosting;

/// <summary>Reads and checks <c>ConnectionStrings:RabbitMq</c>, with the password of <c>Kit:Bus:Password</c> when set.</summary>
public static class KitConnection
{
    public const string RabbitMqKey = "RabbitMq";

    /// <summary>The broker password apart from the URL, so that it can come from a secrets file.</summary>
    public const string PasswordKey = "Kit:Bus:Password";

    /// <summary>The broker URI, or null when none is configured.</summary>
    public static Uri? RabbitMq(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(RabbitMqKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!TryParse(value, out var uri, out var error))
        {
            throw new KitConfigurationException(error);
        }

        var password = configuration[PasswordKey];
        return string.IsNullOrEmpty(password) ? uri : WithPassword(uri, password);
    }

    /// <summary>The URI with <paramref name="password"/> in place of its own; the user name stays.</summary>
    public static Uri WithPassword(Uri uri, string password)
    {
        var user = uri.UserInfo.Split(':', 2)[0];
        if (user.Length == 0)
        {
            throw new KitConfigurationException(
                "Kit__Bus__Password needs a user name in ConnectionStrings__RabbitMq, such as amqp://kit@rabbitmq:5672/");
        }

        var userInfo = $"{user}:{Uri.EscapeDataString(password)}@";
        return new Uri($"{uri.Scheme}://{userInfo}{uri.Authority}{uri.PathAndQuery}");
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
