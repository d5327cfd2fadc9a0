using System.Text.Json;
using Kit.Testing;
using Microsoft.AspNetCore.Http;

namespace Kit.CommitWatching.Tests;

public sealed class PushPayloadTests
{
    const string After = "bffeb74224043ba2feb48d137756c8a9331c449a";

    public static TheoryData<string, string, string> HostsAndUrls { get; } = new()
    {
        { "GitHub", "GitHub", "https://github.com/acme/deployments.git" },
        { "GitLab", "GitLab", "https://gitlab.example.com/acme/deployments.git" },
        { "Gitea", "Gitea", "https://gitea.example.com/acme/deployments.git" },
        { "Forgejo", "Forgejo", "https://codeberg.org/acme/deployments.git" },
        { "Bitbucket Cloud", "Bitbucket", "https://bitbucket.org/acme/deployments" },
        { "Bitbucket Server", "Bitbucket", "https://bitbucket.example.com/scm/acme/deployments.git" },
        { "generic", "generic", "https://git.example.com/acme/deployments.git" },
    };

    [Theory]
    [MemberData(nameof(HostsAndUrls))]
    public void Each_hosts_push_is_recognised_and_read_for_branch_sha_and_repository(string host, string recognisedAs, string url)
    {
        using var request = GitHostDeliveries.Push(host, "release/2", After, "s3cret");
        var headers = new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value.ToArray())));

        var recognised = WebhookHosts.Recognise(headers);
        using var json = JsonDocument.Parse(GitHostDeliveries.Body(host, "release/2", After));
        var pushed = recognised!.Value.Host.Read(json.RootElement);

        Assert.Equal(recognisedAs, recognised.Value.Host.Name);
        Assert.Equal(new PushedRef("refs/heads/release/2", After), Assert.Single(pushed.Refs));
        Assert.Equal(url, pushed.RepositoryUrl);
    }

    [Fact]
    public void A_bitbucket_cloud_push_names_every_branch_and_tag_it_moved_and_a_deleted_branch_by_its_old_name()
    {
        using var json = JsonDocument.Parse("""
            {"repository":{"links":{"html":{"href":"https://bitbucket.org/acme/deployments"}}},
             "push":{"changes":[
               {"new":{"type":"branch","name":"main","target":{"hash":"aaa"}},"old":null},
               {"new":{"type":"tag","name":"v1","target":{"hash":"bbb"}},"old":null},
               {"new":null,"old":{"type":"branch","name":"gone","target":{"hash":"ccc"}},"closed":true}]}}
            """);

        var pushed = WebhookHosts.Bitbucket.Read(json.RootElement);

        Assert.Equal([new PushedRef("refs/heads/main", "aaa"), new PushedRef("refs/tags/v1", "bbb"), new PushedRef("refs/heads/gone", "ccc")], pushed.Refs);
    }

    [Theory]
    [InlineData("""{"ref":"main","after":"abc"}""", "refs/heads/main")]
    [InlineData("""{"ref":"refs/tags/v1"}""", "refs/tags/v1")]
    public void A_generic_push_may_name_the_branch_alone(string body, string expected)
    {
        using var json = JsonDocument.Parse(body);

        Assert.Equal(expected, Assert.Single(WebhookHosts.Generic.Read(json.RootElement).Refs).Ref);
    }

    [Theory]
    [InlineData("""{"zen":"Design for failure.","hook_id":1}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"ref":5}""")]
    public void A_payload_that_names_no_ref_names_nothing(string body)
    {
        using var json = JsonDocument.Parse(body);

        Assert.Empty(WebhookHosts.GitHub.Read(json.RootElement).Refs);
        Assert.Empty(WebhookHosts.Bitbucket.Read(json.RootElement).Refs);
    }
}
