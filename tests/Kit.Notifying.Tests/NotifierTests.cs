using System.Text.Json;
using Kit.Contracts;
using Kit.Harness;
using Kit.Hosting;
using Kit.Testing.Tracking;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Notifying.Tests;

public sealed class NotifierTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Five_cluster_deployment_with_one_failure_sends_exactly_one_slack_message_naming_it()
    {
        using var slack = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/services/T000/B000/secret-hook").ToString(),
        });
        var id = Guid.NewGuid();
        var clusters = Events.Clusters(5);

        await pipeline.PublishAsync(Events.Planned(id, "abc1234def", clusters));
        foreach (var cluster in clusters.Concat(clusters))
        {
            // Every report twice: a redelivery must not add a message.
            await pipeline.PublishAsync(cluster == "cluster-4"
                ? Events.Deployed(id, cluster, "abc1234def", DeploymentOutcome.Failed, "Deployment/auth: ImagePullBackOff")
                : Events.Deployed(id, cluster, "abc1234def"));
        }

        Assert.True(await pipeline.Harness.Published.Any<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id));
        var requests = await slack.WaitForAsync(r => r.Count >= 1, Wait);
        await Task.Delay(1000);
        await pipeline.PublishAsync(Completion(pipeline, id)); // the completion redelivered

        await Task.Delay(500);
        var message = Assert.Single(slack.Requests);
        var text = SlackBlocks.Text(message.Body);
        Assert.Contains("`cluster-4` Failed: Deployment/auth: ImagePullBackOff", text);
        Assert.Contains("Deployment failed on 1 of 5 clusters", text);
        Assert.Contains("5 total · 4 succeeded · 1 failed", text);
        Assert.Contains("`abc1234def`", text);
        Assert.DoesNotContain("cluster-2", text);
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
        Assert.Single(requests);
    }

    [Fact]
    public async Task First_failure_message_is_sent_once_before_the_summary_when_enabled()
    {
        using var slack = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Slack:NotifyFirstFailure"] = "true",
        });
        var id = Guid.NewGuid();
        await pipeline.PublishAsync(Events.Planned(id, "abc1234", Events.Clusters(3)));
        await pipeline.PublishAsync(Events.Deployed(id, "cluster-1", "abc1234", DeploymentOutcome.Failed, "first"));
        await slack.WaitForAsync(r => r.Count >= 1, Wait);
        await pipeline.PublishAsync(Events.Deployed(id, "cluster-2", "abc1234", DeploymentOutcome.RolledBack, "second"));
        await pipeline.PublishAsync(Events.Deployed(id, "cluster-3", "abc1234"));

        var requests = await slack.WaitForAsync(r => r.Count >= 2, Wait);
        await Task.Delay(500);

        Assert.Equal(2, slack.Requests.Count);
        Assert.Contains("First failure", SlackBlocks.Text(requests[0].Body));
        Assert.Contains("`cluster-1` Failed: first", SlackBlocks.Text(requests[0].Body));
        Assert.Contains("2 of 3 clusters", SlackBlocks.Text(requests[1].Body));
    }

    [Fact]
    public async Task Rate_limited_message_waits_retry_after_and_is_sent_again()
    {
        using var slack = await HttpCapture.StartAsync();
        slack.RespondByCount(n => n == 1 ? (429, 1) : (200, null));
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Slack:RetryBaseSeconds"] = "0.05",
        }, tracker: false);
        var sender = pipeline.Services.GetRequiredService<WebhookSender>();

        var sent = await sender.SendAsync(new Notification("slack", slack.Combine("/hook"), """{"text":"hi"}""", Guid.NewGuid()), CancellationToken.None);

        Assert.True(sent);
        Assert.Equal(2, slack.Requests.Count);
        Assert.True(slack.Requests[1].At - slack.Requests[0].At >= TimeSpan.FromMilliseconds(950), "Retry-After: 1 was not honoured");
        Assert.Equal(slack.Requests[0].Body, slack.Requests[1].Body);
    }

    [Fact]
    public async Task Rejected_message_is_not_retried_and_server_errors_give_up_after_max_attempts()
    {
        using var hook = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:MaxAttempts"] = "3",
            ["Kit:Slack:RetryBaseSeconds"] = "0.05",
        }, tracker: false);
        var sender = pipeline.Services.GetRequiredService<WebhookSender>();

        hook.RespondByCount(_ => (404, null));
        Assert.False(await sender.SendAsync(new Notification("slack", hook.Combine("/gone"), "{}", Guid.NewGuid()), CancellationToken.None));
        Assert.Single(hook.Requests);

        hook.RespondByCount(_ => (503, null));
        Assert.False(await sender.SendAsync(new Notification("slack", hook.Combine("/down"), "{}", Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(3, hook.Requests.Count(r => r.Path == "/down"));
    }

    [Fact]
    public async Task Failing_webhook_blocks_neither_the_bus_nor_slack()
    {
        using var slack = await HttpCapture.StartAsync();
        using var broken = await HttpCapture.StartAsync();
        broken.RespondByCount(_ => (500, null));
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Slack:MaxAttempts"] = "3",
            ["Kit:Slack:RetryBaseSeconds"] = "0.3",
            ["Kit:Webhook:Urls:DeploymentCompleted"] = broken.Combine("/kit").ToString(),
            ["Kit:Webhook:Urls:ClusterDeployed"] = broken.Combine("/kit").ToString(),
        }, tracker: false);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var started = DateTimeOffset.UtcNow;

        foreach (var id in ids)
        {
            await pipeline.PublishAsync(Events.Deployed(id, "cluster-1", "abc1234"));
            await pipeline.PublishAsync(Completed(id, failed: 0));
        }

        var requests = await slack.WaitForAsync(r => r.Count >= 3, Wait);
        Assert.Equal(3, requests.Count);
        Assert.True(requests[^1].At - started < TimeSpan.FromSeconds(3), "Slack waited for the failing webhook");
        for (var i = 0; i < 100 && pipeline.Harness.Consumed.Select(_ => true).Count() < 6; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(6, pipeline.Harness.Consumed.Select(_ => true).Count());
        Assert.False(await pipeline.Harness.Published.Any<Fault>());

        static Guid? DeployedId(string body)
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.GetProperty("event").GetString() == "ClusterDeployed" ? root.GetProperty("deploymentId").GetGuid() : null;
        }

        var hooks = await broken.WaitForAsync(r => r.Count >= 6 && r.Select(h => DeployedId(h.Body)).OfType<Guid>().Distinct().Count() == 3, Wait);
        var bodies = hooks.Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        // Consumers run concurrently: the webhooks arrive in any order, each deployment's once at least.
        var deployed = bodies.Where(b => b.GetProperty("event").GetString() == "ClusterDeployed").ToList();
        Assert.Equal(ids.ToHashSet(), deployed.Select(b => b.GetProperty("deploymentId").GetGuid()).ToHashSet());
        var first = deployed.First(b => b.GetProperty("deploymentId").GetGuid() == ids[0]);
        Assert.Equal("cluster-1", first.GetProperty("data").GetProperty("cluster").GetString());
        Assert.Equal("Succeeded", first.GetProperty("data").GetProperty("outcome").GetString());
        Assert.Contains(bodies, b => b.GetProperty("event").GetString() == "DeploymentCompleted");
    }

    [Fact]
    public async Task Slack_messages_to_one_webhook_go_at_most_one_a_second()
    {
        using var slack = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
        }, tracker: false);

        foreach (var id in Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()))
        {
            await pipeline.PublishAsync(Completed(id, failed: 0));
        }

        var requests = await slack.WaitForAsync(r => r.Count >= 3, Wait);
        Assert.Equal(3, requests.Count);
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"{gap.TotalMilliseconds:0} ms between two Slack messages"));
    }

    [Fact]
    public void Secrets_never_reach_the_message_body()
    {
        var redactor = SecretRedactor.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kit:Repository:Password"] = "hunter2-repo-pass",
                ["Kit:Slack:WebhookUrl"] = "https://hooks.slack.com/services/T1/B2/xyzzy",
                ["ConnectionStrings:Tracker"] = "Host=db;Username=kit;Password=pg-secret-9",
            }).Build());
        var messages = new SlackMessages(redactor);
        var completed = Completed(Guid.NewGuid(), failed: 1) with
        {
            Failures =
            [
                new ClusterFailure
                {
                    Cluster = "eu-1",
                    Outcome = DeploymentOutcome.Failed,
                    Reason = "git fetch https://ci:hunter2-repo-pass@git.example.com/d.git failed; Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def; " +
                        "db pg-secret-9; token=ghp_abcdefghijklmnopqrstuvwxyz0123; posted to https://hooks.slack.com/services/T1/B2/xyzzy; password: p@ss",
                },
            ],
        };

        var body = messages.Completed(completed);

        var text = SlackBlocks.Text(body);
        foreach (var secret in new[] { "hunter2", "eyJhbGciOiJIUzI1NiJ9", "pg-secret-9", "ghp_abc", "xyzzy", "p@ss" })
        {
            Assert.DoesNotContain(secret, body);
            Assert.DoesNotContain(secret, text);
        }

        Assert.Contains("`eu-1` Failed: git fetch https://***@git.example.com/d.git failed", text);
    }

    [Fact]
    public void Long_failure_lists_name_ten_clusters_then_how_many_more()
    {
        var messages = new SlackMessages(new SecretRedactor([]));
        var completed = Completed(Guid.NewGuid(), failed: 13) with
        {
            Failures = Enumerable.Range(1, 13).Select(i => new ClusterFailure { Cluster = $"c-{i:00}", Outcome = DeploymentOutcome.Failed, Reason = "<boom> & co" }).ToList(),
        };

        var body = messages.Completed(completed);

        Assert.Contains("c-10", body);
        Assert.DoesNotContain("c-11", body);
        Assert.Contains("and 3 more", body);
        Assert.Contains("&lt;boom&gt; &amp; co", SlackBlocks.Text(body));
    }

    [Theory]
    [InlineData("Kit:Slack:WebhookUrl", "hooks.slack.com/no-scheme", "Kit__Slack__WebhookUrl")]
    [InlineData("Kit:Slack:MaxAttempts", "0", "Kit__Slack__MaxAttempts")]
    [InlineData("Kit:Webhook:Urls:DeploymentDone", "https://example.com/x", "Kit__Webhook__Urls__DeploymentDone")]
    [InlineData("Kit:Webhook:Urls:ClusterDeployed", "ftp://example.com/x", "Kit__Webhook__Urls__ClusterDeployed")]
    [InlineData("Kit:Tracker:DeadlineSeconds", "0", "Kit__Tracker__DeadlineSeconds")]
    [InlineData("ConnectionStrings:Tracker", "Nonsense=1", "ConnectionStrings__Tracker")]
    [InlineData("Kit:CommitStatus:Deployments", "bitbucket:acme/d", "Kit__CommitStatus__Deployments")]
    [InlineData("Kit:CommitStatus:Images:auth", "github:no-slash", "Kit__CommitStatus__Images__auth")]
    [InlineData("Kit:CommitStatus:Deployments", "gitlab:acme/d", "Kit__CommitStatus__GitLab__Token")]
    [InlineData("Kit:CommitStatus:TrackerUrl", "kit.example.com", "Kit__CommitStatus__TrackerUrl")]
    [InlineData("Kit:Teams:WebhookUrl", "acme.webhook.office.com/x", "Kit__Teams__WebhookUrl")]
    public async Task Wrong_setting_is_one_line_naming_its_key(string key, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Tracker"] = database.ConnectionString, [key] = value });
        Kit.Tracking.TrackingRegistration.AddTracking(builder);
        Kit.Notifying.NotifyingRegistration.AddNotifying(builder);
        using var host = builder.Build();

        Assert.False(KitApplication.TryValidate(host.Services, out var error));
        Assert.Contains(named, error);
        Assert.DoesNotContain('\n', error);
    }

    static DeploymentCompleted Completed(Guid id, int failed) => new()
    {
        CorrelationId = id,
        CommitSha = "abc1234def5678",
        SourceImage = "registry.example.com/team/auth:1.4.2",
        Total = Math.Max(5, failed),
        Succeeded = Math.Max(5, failed) - failed,
        Failed = failed,
        StartedAt = DateTimeOffset.UtcNow.AddSeconds(-75),
        CompletedAt = DateTimeOffset.UtcNow,
    };

    static DeploymentCompleted Completion(PipelineHost pipeline, Guid id) =>
        pipeline.Harness.Published.Select<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id).First().Context.Message;
}
