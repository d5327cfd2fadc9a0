namespace Kit.CommitWatching;

/// <summary>The push webhooks <c>POST /hooks/git</c> understands, told apart by the header that proves them.</summary>
public static class WebhookHosts
{
    public static readonly WebhookHost GitLab = new("GitLab", "X-Gitlab-Token", WebhookProof.Token, "X-Gitlab-Event", ["Push Hook"], PushPayload.ReadRefStyle);

    public static readonly WebhookHost Forgejo = new("Forgejo", "X-Forgejo-Signature", WebhookProof.HexHmac, "X-Forgejo-Event", ["push"], PushPayload.ReadRefStyle);

    public static readonly WebhookHost Gitea = new("Gitea", "X-Gitea-Signature", WebhookProof.HexHmac, "X-Gitea-Event", ["push"], PushPayload.ReadRefStyle);

    /// <summary>kit's own, for a host or script that can sign but is none of the others.</summary>
    public static readonly WebhookHost Generic = new("generic", "X-Kit-Signature", WebhookProof.PrefixedHmac, "X-Kit-Event", ["push"], PushPayload.ReadRefStyle);

    public static readonly WebhookHost GitHub = new("GitHub", WebhookSignature.Header, WebhookProof.PrefixedHmac, "X-GitHub-Event", ["push"], PushPayload.ReadRefStyle);

    /// <summary>Cloud (<c>repo:push</c>) and Server / Data Center (<c>repo:refs_changed</c>).</summary>
    public static readonly WebhookHost Bitbucket = new("Bitbucket", "X-Hub-Signature", WebhookProof.PrefixedHmac, "X-Event-Key", ["repo:push", "repo:refs_changed"], PushPayload.ReadBitbucket);

    /// <summary>
    /// In the order they are recognised: Forgejo also sends Gitea's headers, Gitea also GitHub's, and GitHub also sends
    /// <c>X-Hub-Signature</c> (SHA-1), so the more specific header is looked for first.
    /// </summary>
    public static readonly IReadOnlyList<WebhookHost> All = [GitLab, Forgejo, Gitea, Generic, GitHub, Bitbucket];

    /// <summary>The host whose proof header the request carries, with that header's value; null when it carries none.</summary>
    public static (WebhookHost Host, string Header)? Recognise(IHeaderDictionary headers)
    {
        foreach (var host in All)
        {
            if (headers.TryGetValue(host.ProofHeader, out var value) && value.ToString() is { Length: > 0 } header)
            {
                return (host, header);
            }
        }

        return null;
    }
}
