using System.Text.Json;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing.Tracking;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Kit.Notifying.Tests;

/// <summary>Commit statuses on GitHub and GitLab, against local fakes of their APIs: the exact requests, and a failing API harming nothing.</summary>
public sealed class CommitStatusTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    const string SourceSha = "1111111111111111111111111111111111111111";
    const string DeploymentsSha = "2222222222222222222222222222222222222222";

    [Fact]
    public async Task GitHub_source_and_deployments_commits_go_pending_then_success_with_a_link_to_the_tracker()
    {
        using var github = await HttpCapture.StartAsync();
        github.Respond = _ => (201, null);
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:CommitStatus:Deployments"] = "github:acme/deployments",
            ["Kit:CommitStatus:Images:auth"] = "github:acme/auth-service",
            ["Kit:CommitStatus:GitHub:ApiUrl"] = github.Combine("/api/v3").ToString(),
            ["Kit:CommitStatus:GitHub:Token"] = "ghp_faketoken0123456789abcdefghijklmno",
            ["Kit:CommitStatus:TrackerUrl"] = "https://kit.example.com/",
        });
        var id = Guid.NewGuid();

        await DeployAsync(pipeline, github, id, Events.Deployed(id, "us-1", DeploymentsSha));
        await pipeline.PublishAsync(Completion(pipeline, id)); // redelivered: sets nothing again
        await Task.Delay(500);

        var requests = github.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("Bearer ghp_faketoken0123456789abcdefghijklmno", r.Headers["Authorization"]);
            Assert.Equal("application/vnd.github+json", r.Headers["Accept"]);
            Assert.Equal("2022-11-28", r.Headers["X-GitHub-Api-Version"]);
            Assert.Equal("kit-notifier", r.Headers["User-Agent"]);
            Assert.StartsWith("application/json", r.Headers["Content-Type"]);
        });
        var link = $"https://kit.example.com/api/deployments/{id}";
        Assert.Equal($"/api/v3/repos/acme/auth-service/statuses/{SourceSha}", requests[0].Path);
        AssertJson(new { state = "pending", description = "Deploying registry.example.com/team/auth:1.4.2", context = "kit", target_url = link }, requests[0].Body);
        Assert.Equal($"/api/v3/repos/acme/deployments/statuses/{DeploymentsSha}", requests[1].Path);
        AssertJson(new { state = "pending", description = "Deploying to 2 clusters", context = "kit", target_url = link }, requests[1].Body);
        var finals = requests.Skip(2).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        Assert.Equal([$"/api/v3/repos/acme/auth-service/statuses/{SourceSha}", $"/api/v3/repos/acme/deployments/statuses/{DeploymentsSha}"], finals.Select(r => r.Path));
        Assert.All(finals, r => AssertJson(new { state = "success", description = "Deployed to 2 clusters", context = "kit", target_url = link }, r.Body));
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
    }

    [Fact]
    public async Task GitLab_statuses_name_the_project_by_path_and_fail_naming_the_first_failed_cluster()
    {
        using var gitlab = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:CommitStatus:Deployments"] = "gitlab:42",
            ["Kit:CommitStatus:Images:auth"] = "gitlab:acme/platform/auth",
            ["Kit:CommitStatus:GitLab:ApiUrl"] = gitlab.Combine("/api/v4").ToString(),
            ["Kit:CommitStatus:GitLab:Token"] = "glpat-faketoken0123456789abc",
            ["Kit:CommitStatus:Context"] = "kit/production",
        });
        var id = Guid.NewGuid();

        await DeployAsync(pipeline, gitlab, id, Events.Deployed(id, "us-1", DeploymentsSha, DeploymentOutcome.Failed, "Deployment/auth: ImagePullBackOff"));
        await Task.Delay(300);

        var requests = gitlab.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("glpat-faketoken0123456789abc", r.Headers["PRIVATE-TOKEN"]);
            Assert.False(r.Headers.ContainsKey("Authorization"));
        });
        Assert.Equal($"/api/v4/projects/acme%2Fplatform%2Fauth/statuses/{SourceSha}", requests[0].Path);
        AssertJson(new { state = "pending", name = "kit/production", description = "Deploying registry.example.com/team/auth:1.4.2" }, requests[0].Body);
        Assert.Equal($"/api/v4/projects/42/statuses/{DeploymentsSha}", requests[1].Path);
        AssertJson(new { state = "pending", name = "kit/production", description = "Deploying to 2 clusters" }, requests[1].Body);
        var failed = new { state = "failed", name = "kit/production", description = "Failed on 1 of 2 clusters: us-1 Failed: Deployment/auth: ImagePullBackOff" };
        Assert.All(requests.Skip(2), r => AssertJson(failed, r.Body));
        Assert.Equal(
            [$"/api/v4/projects/42/statuses/{DeploymentsSha}", $"/api/v4/projects/acme%2Fplatform%2Fauth/statuses/{SourceSha}"],
            requests.Skip(2).Select(r => r.Path).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Failing_status_api_delays_neither_slack_nor_the_bus()
    {
        using var slack = await HttpCapture.StartAsync();
        using var github = await HttpCapture.StartAsync();
        github.RespondByCount(_ => (500, null));
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Slack:MaxAttempts"] = "3",
            ["Kit:Slack:RetryBaseSeconds"] = "0.5",
            ["Kit:CommitStatus:Deployments"] = "github:acme/deployments",
            ["Kit:CommitStatus:GitHub:ApiUrl"] = github.Url,
            ["Kit:CommitStatus:GitHub:Token"] = "t0ken-value",
        });
        var id = Guid.NewGuid();
        await pipeline.PublishAsync(Events.Planned(id, DeploymentsSha, "eu-1"));
        await pipeline.PublishAsync(Events.Deployed(id, "eu-1", DeploymentsSha));

        var sent = await slack.WaitForAsync(r => r.Count >= 1, Wait);
        await github.WaitForAsync(r => r.Count >= 6, 3 * Wait);
        await Task.Delay(500);
        var attempts = github.Requests;
        Assert.Equal(6, attempts.Count); // pending and success, three attempts each, then given up
        // The success status's last attempt comes over a second after its first: Slack went with the first.
        Assert.True(attempts[5].At - sent[0].At > TimeSpan.FromSeconds(1), "Slack waited for the failing status API");
        Assert.True(await pipeline.Harness.Consumed.Any<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id));
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
        Assert.Contains("Deployment succeeded on 1 clusters", SlackBlocks.Text(Assert.Single(slack.Requests).Body));
    }

    [Theory]
    [InlineData(CommitCause.Startup)]
    [InlineData(CommitCause.Reconcile)]
    public async Task Start_up_and_reconcile_passes_set_no_status(CommitCause cause)
    {
        using var github = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:CommitStatus:Deployments"] = "github:acme/deployments",
            ["Kit:CommitStatus:GitHub:ApiUrl"] = github.Url,
            ["Kit:CommitStatus:GitHub:Token"] = "t0ken-value",
        });
        var id = Guid.NewGuid();

        await pipeline.PublishAsync(Events.Planned(id, DeploymentsSha, "eu-1") with { Cause = cause });
        await pipeline.PublishAsync(Events.Deployed(id, "eu-1", DeploymentsSha));
        Assert.True(await pipeline.Harness.Consumed.Any<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id));
        await Task.Delay(500);

        Assert.Empty(github.Requests);
    }

    [Fact]
    public void Description_is_one_redacted_line_of_at_most_140_characters()
    {
        var redactor = SecretRedactor.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kit:Repository:Password"] = "hunter2-repo-pass" }).Build());
        var completed = new DeploymentCompleted
        {
            CorrelationId = Guid.NewGuid(),
            CommitSha = DeploymentsSha,
            Total = 3,
            Succeeded = 2,
            Failed = 1,
            Failures = [new ClusterFailure { Cluster = "eu-1", Outcome = DeploymentOutcome.Failed, Reason = "fetch https://ci:hunter2-repo-pass@git.example.com failed\n" + new string('x', 300) }],
        };
        var (state, summary) = CommitStatusReporter.Summary(completed);

        var request = CommitStatusRequests.For(new CommitStatusTarget(CommitStatusProvider.GitHub, "acme/d"), new CommitStatusHost { ApiUrl = "https://api.github.com", Token = "t" },
            DeploymentsSha, state, redactor.Redact(summary.ReplaceLineEndings(" ")), "kit", null, completed.CorrelationId);

        var description = JsonDocument.Parse(request.Body).RootElement.GetProperty("description").GetString()!;
        Assert.Equal(140, description.Length);
        Assert.StartsWith("Failed on 1 of 3 clusters: eu-1 Failed: fetch https://***@git.example.com failed xxx", description);
        Assert.EndsWith("…", description);
        Assert.False(JsonDocument.Parse(request.Body).RootElement.TryGetProperty("target_url", out _));
        Assert.Equal("failure", JsonDocument.Parse(request.Body).RootElement.GetProperty("state").GetString());
    }

    /// <summary>An image of "auth" deployed to eu-1 (succeeded) and us-1 (<paramref name="usOne"/>), each step once the API has the status before it.</summary>
    static async Task DeployAsync(PipelineHost pipeline, HttpCapture api, Guid id, ClusterDeployed usOne)
    {
        await pipeline.PublishAsync(Built(id, "auth"));
        await api.WaitForAsync(r => r.Count >= 1, Wait);
        await pipeline.PublishAsync(Events.Planned(id, DeploymentsSha, "eu-1", "us-1"));
        await api.WaitForAsync(r => r.Count >= 2, Wait);
        await pipeline.PublishAsync(Events.Deployed(id, "eu-1", DeploymentsSha));
        await pipeline.PublishAsync(usOne);
        await api.WaitForAsync(r => r.Count >= 4, Wait);
    }

    static ImageBuilt Built(Guid id, string repository) => new()
    {
        CorrelationId = id,
        Image = "registry.example.com/team/auth:1.4.2",
        Repository = repository,
        Branch = "main",
        SourceCommit = SourceSha,
    };

    static DeploymentCompleted Completion(PipelineHost pipeline, Guid id) =>
        pipeline.Harness.Published.Select<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id).First().Context.Message;

    /// <summary>The body is exactly this object: the same properties, the same values.</summary>
    static void AssertJson(object expected, string body) => Assert.Equal(Sorted(JsonSerializer.Serialize(expected)), Sorted(body));

    static string Sorted(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<SortedDictionary<string, string>>(json));
}
