using System.Text.Json;

namespace Kit.CommitWatching;

/// <summary>
/// One git host's push webhook: the header that proves it (which also tells the hosts apart), the header that names
/// the event and the names of a push, and how its payload names what was pushed.
/// </summary>
public sealed record WebhookHost(string Name, string ProofHeader, WebhookProof Proof, string EventHeader, IReadOnlyList<string> PushEvents, Func<JsonElement, PushPayload> Read)
{
    /// <summary>True when the header is worth reading the body for (a token is checked at once: it needs no body).</summary>
    public bool IsWellFormed(string header, string secret) => Proof switch
    {
        WebhookProof.PrefixedHmac => WebhookSignature.IsWellFormed(header),
        WebhookProof.HexHmac => WebhookSignature.IsWellFormedHex(header),
        _ => WebhookSignature.IsSameToken(secret, header),
    };

    /// <summary>True only when the header proves the body was sent with the secret.</summary>
    public bool IsValid(string header, string secret, ReadOnlySpan<byte> body) => Proof switch
    {
        WebhookProof.PrefixedHmac => WebhookSignature.IsValid(secret, body, header),
        WebhookProof.HexHmac => WebhookSignature.IsValidHex(secret, body, header),
        _ => WebhookSignature.IsSameToken(secret, header),
    };

    /// <summary>What a well-formed header looks like, for the refusal's log line.</summary>
    public string Expected => Proof switch
    {
        WebhookProof.PrefixedHmac => $"the {ProofHeader} header is not sha256= and 64 hex digits",
        WebhookProof.HexHmac => $"the {ProofHeader} header is not 64 hex digits",
        _ => $"the {ProofHeader} header does not match",
    };
}
