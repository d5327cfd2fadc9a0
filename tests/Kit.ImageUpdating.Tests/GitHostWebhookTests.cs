using System.Net;
using Kit.Contracts;
using Kit.Testing;

namespace Kit.ImageUpdating.Tests;

/// <summary><c>POST /hooks/git</c> as each git host delivers a push: recorded-shape payloads, each host's own proof.</summary>
public sealed class GitHostWebhookTests
{
    public static TheoryData<string> Hosts { get; } = [.. GitHostDeliveries.Hosts];

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_signed_push_announces_the_new_commit(string host)
    {
        using var origin = BareGitRepository.Create();
        await using var kit = await ImageDeployerHost.StartAsync(origin.Path);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");

        var (status, answer) = await SendAsync(kit, GitHostDeliveries.Push(host, "main", sha, ImageDeployerHost.Secret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(sha, answer, StringComparison.Ordinal);
        Assert.True(await kit.AnnouncedAnyAsync(x => x.CommitSha == sha));
        Assert.Equal(CommitCause.Push, kit.Announced().Single().Cause);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_push_with_a_wrong_secret_is_refused_with_401_and_changes_nothing(string host)
    {
        using var origin = BareGitRepository.Create();
        await using var kit = await ImageDeployerHost.StartAsync(origin.Path);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");

        var (status, _) = await SendAsync(kit, GitHostDeliveries.Push(host, "main", sha, "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(await kit.AnnouncedAnyAsync());
        Assert.Contains(kit.Logs.Lines, l => l.StartsWith("Refused a webhook", StringComparison.Ordinal));
        Assert.DoesNotContain(kit.Logs.Lines, l => l.Contains(ImageDeployerHost.Secret, StringComparison.Ordinal) || l.Contains("not-the-secret", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_push_to_another_branch_is_answered_202_and_announces_nothing(string host)
    {
        using var origin = BareGitRepository.Create();
        await using var kit = await ImageDeployerHost.StartAsync(origin.Path);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");

        var (status, answer) = await SendAsync(kit, GitHostDeliveries.Push(host, "feature/login", sha, ImageDeployerHost.Secret));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("refs/heads/feature/login", answer, StringComparison.Ordinal);
        Assert.False(await kit.AnnouncedAnyAsync());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_signed_delivery_of_another_event_is_answered_202_and_announces_nothing(string host)
    {
        using var origin = BareGitRepository.Create();
        await using var kit = await ImageDeployerHost.StartAsync(origin.Path);
        var sha = origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up");

        var (status, answer) = await SendAsync(kit, GitHostDeliveries.Push(host, "main", sha, ImageDeployerHost.Secret, otherEvent: true));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("event", answer, StringComparison.Ordinal);
        Assert.False(await kit.AnnouncedAnyAsync());
    }

    static async Task<(HttpStatusCode Status, string Answer)> SendAsync(ImageDeployerHost kit, HttpRequestMessage request)
    {
        using var client = new HttpClient { BaseAddress = kit.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (request)
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
