using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Kit.Hosting;

/// <summary>Turns a failed options validation or binding into one line: the key, the rule and the value given.</summary>
public static partial class SettingErrors
{
    /// <summary>Keys whose values are never printed: they may hold a password, a token or a webhook's secret path.</summary>
    static readonly string[] SecretWords = ["Password", "Secret", "Token", "ApiKey", "ConnectionStrings", "WebhookUrl", "Webhook__Urls"];

    /// <summary>
    /// One failure of an <c>OptionsValidationException</c> as a person reads it:
    /// <c>Kit__Deployer__Concurrency must be between 1 and 1024, not 0</c>.
    /// </summary>
    public static string Describe(string failure, IConfiguration? configuration)
    {
        var message = DataAnnotation().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;
        if (configuration is null || LeadingKey().Match(message) is not { Success: true } key)
        {
            return message;
        }

        var value = configuration[key.Value.Replace("__", ":", StringComparison.Ordinal)];
        return string.IsNullOrWhiteSpace(value) || IsSecret(key.Value)
            ? message
            : $"{message}, not {Shown(value)}";
    }

    /// <summary>
    /// A value the binder could not convert (<c>Kit__Deployer__Concurrency=abc</c>) as one line, or null when
    /// <paramref name="e"/> is not such an error.
    /// </summary>
    public static string? DescribeConversion(InvalidOperationException e, IConfiguration? configuration)
    {
        if (Conversion().Match(e.Message) is not { Success: true } match)
        {
            return null;
        }

        var path = match.Groups["path"].Value;
        var key = path.Replace(":", "__", StringComparison.Ordinal);
        var expected = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "a whole number",
            "System.Double" or "System.Decimal" or "System.Nullable`1[System.Double]" => "a number",
            "System.Boolean" or "System.Nullable`1[System.Boolean]" => "true or false",
            "System.TimeSpan" => "a time span such as 00:00:30",
            var type => "a " + type,
        };
        var value = configuration?[path];
        return value is null || IsSecret(key) ? $"{key} must be {expected}" : $"{key} must be {expected}, not {Shown(value)}";
    }

    static bool IsSecret(string key) => SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));

    static string Shown(string value)
    {
        // A URL's user part may hold a password (https://ci:secret@host/…): never shown.
        var line = UrlUserInfo().Replace(value.ReplaceLineEndings(" "), "${scheme}***@");
        return line.Length > 100 ? line[..100] + "…" : line;
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotation();

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s?#]*@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)+(?=\s)")]
    private static partial Regex LeadingKey();

    [GeneratedRegex(@"^Failed to convert configuration value (?:'.*' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex Conversion();
}
