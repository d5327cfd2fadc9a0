using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Kit.CommitWatching;

/// <summary>
/// Webhook HMAC-SHA256 signatures: GitHub's <c>X-Hub-Signature-256</c> (<c>sha256=</c> and the hex HMAC of the body with
/// the shared secret), and the same digest as the other hosts write it (bare hex for Gitea and Forgejo).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Hub-Signature-256";
    public const string Prefix = "sha256=";
    static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string Sign(string secret, ReadOnlySpan<byte> body) => Prefix + SignHex(secret, body);

    /// <summary>The bare hex HMAC-SHA256, as <c>X-Gitea-Signature</c> and <c>X-Forgejo-Signature</c> carry it.</summary>
    public static string SignHex(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True for <c>sha256=</c> and 64 hex digits: a header worth reading the body for.</summary>
    public static bool IsWellFormed(string? header) =>
        header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && IsWellFormedHex(header.AsSpan(Prefix.Length));

    /// <summary>True for 64 hex digits (surrounding spaces aside).</summary>
    public static bool IsWellFormedHex(ReadOnlySpan<char> hex) => hex.Trim() is { Length: 64 } digits && !digits.ContainsAnyExcept(HexDigits);

    /// <summary>True only for a well-formed header whose HMAC matches (compared in constant time).</summary>
    public static bool IsValid(string? secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && IsValidHex(secret, body, header.AsSpan(Prefix.Length));

    /// <summary>True only when <paramref name="hex"/> is the body's HMAC with the secret (compared in constant time).</summary>
    public static bool IsValidHex(string? secret, ReadOnlySpan<byte> body, ReadOnlySpan<char> hex)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>True when <paramref name="token"/> is the secret itself (GitLab's <c>X-Gitlab-Token</c>), compared in constant time and length.</summary>
    public static bool IsSameToken(string? secret, string? token) =>
        !string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(token)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
