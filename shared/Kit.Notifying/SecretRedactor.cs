using System.Text.RegularExpressions;

namespace Kit.Notifying;

/// <summary>
/// Removes credentials from text bound for Slack or a webhook: the secret values of this process's
/// configuration, credentials in URLs, bearer tokens, <c>password=…</c> pairs and well-known token shapes.
/// Replacements never touch quotes or backslashes, so redacted JSON stays JSON.
/// </summary>
public sealed partial class SecretRedactor
{
    const string Mask = "***";
    static readonly string[] SecretKeySuffixes = ["password", "apikey", "token", "secret"];

    readonly string[] secrets;

    public SecretRedactor(IEnumerable<string> secrets) =>
        this.secrets = secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length).ToArray();

    /// <summary>Every configured value whose key names a secret (passwords, API keys, tokens, webhook URLs, connection strings).</summary>
    public static SecretRedactor FromConfiguration(IConfiguration configuration)
    {
        var values = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var last = key.Split(':')[^1].ToLowerInvariant();
            if (SecretKeySuffixes.Any(last.EndsWith)
                || key.Equals("Kit:Slack:WebhookUrl", StringComparison.OrdinalIgnoreCase)
                || key.Equals("Kit:Teams:WebhookUrl", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Kit:Webhook:Urls:", StringComparison.OrdinalIgnoreCase))
            {
                values.Add(value);
            }
            else if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
            {
                values.AddRange(PasswordInConnectionString().Matches(value).Select(m => m.Groups["v"].Value));
            }
        }

        return new SecretRedactor(values);
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = UrlCredentials().Replace(text, "://" + Mask + "@");
        text = SlackHook().Replace(text, "hooks.slack.com/services/" + Mask);
        text = Bearer().Replace(text, "${k} " + Mask);
        text = KeyValue().Replace(text, "${k}${s}" + Mask);
        return KnownTokens().Replace(text, Mask);
    }

    [GeneratedRegex(@"://[^/\s:@""\\]+:[^@\s/""\\]+@")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"hooks\.slack\.com/services/[^\s""\\]+")]
    private static partial Regex SlackHook();

    [GeneratedRegex(@"(?<k>\b(?:Bearer|Basic|token))\s+[A-Za-z0-9._~+/=-]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?<k>\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)\b)(?<s>\s*[=:]\s*)[^\s""'\\,;&]+", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\b(?:xox[abposr]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16})\b")]
    private static partial Regex KnownTokens();

    [GeneratedRegex(@"(?:^|;)\s*(?:Password|Pwd)\s*=\s*(?<v>[^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();
}
