using System.Security.Cryptography;
using System.Text;

namespace Kit.Testing;

/// <summary>
/// Push webhook deliveries in the shape each git host documents (headers and payload, trimmed to the fields that
/// tell a push apart), signed here with .NET's HMAC rather than kit's code, so a test of kit's check is not its own echo.
/// </summary>
public static class GitHostDeliveries
{
    public const string Before = "28e1879d029cb852e4844d9c718537df08844e03";

    /// <summary>Every host and payload shape kit reads.</summary>
    public static readonly string[] Hosts = ["GitHub", "GitLab", "Gitea", "Forgejo", "Bitbucket Cloud", "Bitbucket Server", "generic"];

    /// <summary>A host's push of <paramref name="branch"/> to <paramref name="after"/>, signed with <paramref name="secret"/>; <paramref name="otherEvent"/> sends the host's delivery of another event instead.</summary>
    public static HttpRequestMessage Push(string host, string branch, string after, string secret, bool otherEvent = false)
    {
        var (headers, body) = Shape(host, branch, after, otherEvent);
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var bytes = Encoding.UTF8.GetBytes(body);
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value
                .Replace("{sha256}", "sha256=" + hex, StringComparison.Ordinal)
                .Replace("{hex}", hex, StringComparison.Ordinal)
#pragma warning disable CA5350 // GitHub still sends its legacy SHA-1 X-Hub-Signature; the delivery carries it as GitHub does.
                .Replace("{sha1}", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), bytes)), StringComparison.Ordinal)
#pragma warning restore CA5350
                .Replace("{token}", secret, StringComparison.Ordinal));
        }

        return request;
    }

    /// <summary>The payload alone, for reading it without a server.</summary>
    public static string Body(string host, string branch, string after) => Shape(host, branch, after, otherEvent: false).Body;

    static ((string Name, string Value)[] Headers, string Body) Shape(string host, string branch, string after, bool otherEvent) => host switch
    {
        // GitHub signs with SHA-1 in X-Hub-Signature as well: it must not be taken for Bitbucket's header.
        "GitHub" => ([("X-GitHub-Event", otherEvent ? "issues" : "push"), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
            ("X-GitHub-Hook-ID", "292430182"), ("X-Hub-Signature", "{sha1}"), ("X-Hub-Signature-256", "{sha256}"), ("User-Agent", "GitHub-Hookshot/044aadd")],
            otherEvent ? """{"action":"opened","issue":{"number":1347,"title":"Found a bug"},"repository":{"full_name":"acme/deployments"}}""" : $$"""
            {"ref":"refs/heads/{{branch}}","before":"{{Before}}","after":"{{after}}","created":false,"deleted":false,"forced":false,
             "base_ref":null,"compare":"https://github.com/acme/deployments/compare/28e1879d029c...{{after[..12]}}",
             "commits":[{"id":"{{after}}","message":"Scale up","author":{"name":"Ada Lovelace","email":"ada@example.com"} }],
             "head_commit":{"id":"{{after}}","message":"Scale up"},
             "repository":{"id":1296269,"name":"deployments","full_name":"acme/deployments","private":true,
               "html_url":"https://github.com/acme/deployments","clone_url":"https://github.com/acme/deployments.git",
               "ssh_url":"git@github.com:acme/deployments.git","default_branch":"main"},
             "pusher":{"name":"ada","email":"ada@example.com"},"sender":{"login":"ada","id":1} }
            """),
        "GitLab" => ([("X-Gitlab-Event", otherEvent ? "Tag Push Hook" : "Push Hook"), ("X-Gitlab-Token", "{token}"),
            ("X-Gitlab-Instance", "https://gitlab.example.com"), ("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e"), ("User-Agent", "GitLab/17.5.0")],
            $$"""
            {"object_kind":"{{(otherEvent ? "tag_push" : "push")}}","event_name":"{{(otherEvent ? "tag_push" : "push")}}","before":"{{Before}}","after":"{{after}}",
             "ref":"{{(otherEvent ? "refs/tags/v1.0.0" : "refs/heads/" + branch)}}","ref_protected":true,"checkout_sha":"{{after}}",
             "user_id":4,"user_name":"Ada Lovelace","user_username":"ada","user_email":"","project_id":15,
             "project":{"id":15,"name":"deployments","web_url":"https://gitlab.example.com/acme/deployments",
               "git_ssh_url":"git@gitlab.example.com:acme/deployments.git","git_http_url":"https://gitlab.example.com/acme/deployments.git",
               "namespace":"acme","path_with_namespace":"acme/deployments","default_branch":"main"},
             "commits":[{"id":"{{after}}","message":"Scale up\n","title":"Scale up","author":{"name":"Ada Lovelace","email":"ada@example.com"} }],
             "total_commits_count":1,
             "repository":{"name":"deployments","url":"git@gitlab.example.com:acme/deployments.git","homepage":"https://gitlab.example.com/acme/deployments",
               "git_http_url":"https://gitlab.example.com/acme/deployments.git","git_ssh_url":"git@gitlab.example.com:acme/deployments.git"} }
            """),
        // Gitea also sends GitHub's and Gogs' event headers; Forgejo also sends Gitea's.
        "Gitea" => ([("X-Gitea-Event", otherEvent ? "create" : "push"), ("X-Gitea-Event-Type", otherEvent ? "create" : "push"), ("X-GitHub-Event", otherEvent ? "create" : "push"),
            ("X-Gogs-Event", otherEvent ? "create" : "push"), ("X-Gitea-Delivery", "f6266f16-1bf3-46a5-9ea4-602e06ead473"), ("X-Gitea-Signature", "{hex}")],
            GiteaBody("gitea.example.com", branch, after)),
        "Forgejo" => ([("X-Forgejo-Event", otherEvent ? "create" : "push"), ("X-Forgejo-Event-Type", otherEvent ? "create" : "push"), ("X-Gitea-Event", otherEvent ? "create" : "push"),
            ("X-Forgejo-Delivery", "f6266f16-1bf3-46a5-9ea4-602e06ead473"), ("X-Forgejo-Signature", "{hex}"), ("X-Gitea-Signature", "{hex}")],
            GiteaBody("codeberg.org", branch, after)),
        "Bitbucket Cloud" => ([("X-Event-Key", otherEvent ? "repo:commit_status_updated" : "repo:push"), ("X-Hook-UUID", "d6f9a5c2-0a1e-4c3b-9e4f-1b2c3d4e5f60"),
            ("X-Request-UUID", "0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5"), ("X-Attempt-Number", "1"), ("X-Hub-Signature", "{sha256}"), ("User-Agent", "Bitbucket-Webhooks/2.0")],
            $$"""
            {"actor":{"type":"user","display_name":"Ada Lovelace","uuid":"{4d1c1a0e-7a53-4b6e-9a35-111111111111}"},
             "repository":{"type":"repository","name":"deployments","full_name":"acme/deployments","is_private":true,
               "uuid":"{0b5a7e3c-2f45-4b8a-9d2b-222222222222}","links":{"html":{"href":"https://bitbucket.org/acme/deployments"} } },
             "push":{"changes":[{
               "new":{"type":"branch","name":"{{branch}}","target":{"type":"commit","hash":"{{after}}","message":"Scale up\n"} },
               "old":{"type":"branch","name":"{{branch}}","target":{"type":"commit","hash":"{{Before}}"} },
               "created":false,"forced":false,"closed":false,"truncated":false,
               "commits":[{"type":"commit","hash":"{{after}}","message":"Scale up\n"}]}]} }
            """),
        "Bitbucket Server" => ([("X-Event-Key", otherEvent ? "diagnostics:ping" : "repo:refs_changed"), ("X-Request-Id", "a3b4c5d6-e7f8-4a9b-8c7d-6e5f4a3b2c1d"), ("X-Hub-Signature", "{sha256}")],
            otherEvent ? """{"test":true}""" : $$"""
            {"eventKey":"repo:refs_changed","date":"2026-12-05T09:45:32+1000",
             "actor":{"name":"ada","emailAddress":"ada@example.com","id":1,"displayName":"Ada Lovelace","active":true,"slug":"ada","type":"NORMAL"},
             "repository":{"slug":"deployments","id":84,"name":"deployments","scmId":"git","state":"AVAILABLE","statusMessage":"Available","forkable":true,
               "project":{"key":"ACME","id":84,"name":"Acme","public":false,"type":"NORMAL"},"public":false,
               "links":{"clone":[{"href":"ssh://git@bitbucket.example.com:7999/acme/deployments.git","name":"ssh"},
                                 {"href":"https://bitbucket.example.com/scm/acme/deployments.git","name":"http"}]} },
             "changes":[{"ref":{"id":"refs/heads/{{branch}}","displayId":"{{branch}}","type":"BRANCH"},"refId":"refs/heads/{{branch}}",
               "fromHash":"{{Before}}","toHash":"{{after}}","type":"UPDATE"}]}
            """),
        "generic" => ([("X-Kit-Event", otherEvent ? "tag" : "push"), ("X-Kit-Signature", "{sha256}")],
            $$"""{"ref":"refs/heads/{{branch}}","after":"{{after}}","repository":"https://git.example.com/acme/deployments.git"}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(host), host, "no such host"),
    };

    static string GiteaBody(string server, string branch, string after) => $$"""
        {"ref":"refs/heads/{{branch}}","before":"{{Before}}","after":"{{after}}",
         "compare_url":"https://{{server}}/acme/deployments/compare/{{Before}}...{{after}}",
         "commits":[{"id":"{{after}}","message":"Scale up\n","url":"https://{{server}}/acme/deployments/commit/{{after}}",
           "author":{"name":"Ada Lovelace","email":"ada@example.com","username":"ada"} }],
         "head_commit":{"id":"{{after}}","message":"Scale up\n"},
         "repository":{"id":140,"owner":{"id":1,"login":"acme","username":"acme"},"name":"deployments","full_name":"acme/deployments",
           "private":true,"html_url":"https://{{server}}/acme/deployments","ssh_url":"git@{{server}}:acme/deployments.git",
           "clone_url":"https://{{server}}/acme/deployments.git","default_branch":"main"},
         "pusher":{"id":1,"login":"ada","username":"ada"},"sender":{"id":1,"login":"ada","username":"ada"} }
        """;
}
