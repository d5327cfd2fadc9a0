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
        await using var scene = await Scene.StartAsync();

        var (status, answer) = await scene.SendAsync(GitHostDeliveries.Push(host, "main", scene.Sha, ImageDeployerHost.Secret));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(scene.Sha, answer, StringComparison.Ordinal);
        Assert.True(await scene.Kit.AnnouncedAnyAsync(x => x.CommitSha == scene.Sha));
        Assert.Equal(CommitCause.Push, scene.Kit.Announced().Single().Cause);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_push_with_a_wrong_secret_is_refused_with_401_and_changes_nothing(string host)
    {
        await using var scene = await Scene.StartAsync();

        var (status, _) = await scene.SendAsync(GitHostDeliveries.Push(host, "main", scene.Sha, "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(await scene.Kit.AnnouncedAnyAsync());
        Assert.Contains(scene.Kit.Logs.Lines, l => l.StartsWith("Refused a webhook", StringComparison.Ordinal));
        Assert.DoesNotContain(scene.Kit.Logs.Lines, l => l.Contains(ImageDeployerHost.Secret, StringComparison.Ordinal) || l.Contains("not-the-secret", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_push_to_another_branch_is_answered_202_and_announces_nothing(string host)
    {
        await using var scene = await Scene.StartAsync();

        var (status, answer) = await scene.SendAsync(GitHostDeliveries.Push(host, "feature/login", scene.Sha, ImageDeployerHost.Secret));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("refs/heads/feature/login", answer, StringComparison.Ordinal);
        Assert.False(await scene.Kit.AnnouncedAnyAsync());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_hosts_signed_delivery_of_another_event_is_answered_202_and_announces_nothing(string host)
    {
        await using var scene = await Scene.StartAsync();

        var (status, answer) = await scene.SendAsync(GitHostDeliveries.Push(host, "main", scene.Sha, ImageDeployerHost.Secret, otherEvent: true));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("event", answer, StringComparison.Ordinal);
        Assert.False(await scene.Kit.AnnouncedAnyAsync());
    }

    /// <summary>The service started on a repository, and a commit pushed to it afterwards that a webhook may announce.</summary>
    sealed record Scene(BareGitRepository Origin, ImageDeployerHost Kit, string Sha) : IAsyncDisposable
    {
        public static async Task<Scene> StartAsync()
        {
            var origin = BareGitRepository.Create();
            var kit = await ImageDeployerHost.StartAsync(origin.Path);
            return new Scene(origin, kit, origin.Commit(new Dictionary<string, string> { ["base-var.yaml"] = "replicas: 3\n" }, "Scale up"));
        }

        public async Task<(HttpStatusCode Status, string Answer)> SendAsync(HttpRequestMessage request)
        {
            using var client = new HttpClient { BaseAddress = Kit.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using (request)
            {
                using var response = await client.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Kit.DisposeAsync();
            Origin.Dispose();
        }
    }
}
