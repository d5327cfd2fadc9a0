using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Kit.CommitWatching;

/// <summary>GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the body with the shared secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Hub-Signature-256";
    const string Prefix = "sha256=";
    static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True for <c>sha256=</c> and 64 hex digits: a header worth reading the body for.</summary>
    public static bool IsWellFormed(string? header) =>
        header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && header.AsSpan(Prefix.Length).Trim() is { Length: 64 } hex && !hex.ContainsAnyExcept(HexDigits);

    /// <summary>True only for a well-formed header whose HMAC matches (compared in constant time).</summary>
    public static bool IsValid(string? secret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
