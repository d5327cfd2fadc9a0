namespace Kit.CommitWatching;

/// <summary>How a git host proves that a webhook comes from it.</summary>
public enum WebhookProof
{
    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of the body (GitHub, Bitbucket, kit's generic webhook).</summary>
    PrefixedHmac,

    /// <summary>The bare hex HMAC-SHA256 of the body (Gitea, Forgejo).</summary>
    HexHmac,

    /// <summary>The secret itself in a header (GitLab's <c>X-Gitlab-Token</c>).</summary>
    Token,
}
