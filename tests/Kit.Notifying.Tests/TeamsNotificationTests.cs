using System.Text.Json;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing.Tracking;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Kit.Notifying.Tests;

/// <summary>Microsoft Teams beside Slack: one Adaptive Card per deployment, secrets redacted, Retry-After honoured.</summary>
public sealed class TeamsNotificationTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Three_cluster_deployment_sends_one_adaptive_card_to_teams_and_one_slack_message()
    {
        using var teams = await HttpCapture.StartAsync();
        using var slack = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Teams:WebhookUrl"] = teams.Combine("/webhookb2/abc/IncomingWebhook/def").ToString(),
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
        });
        var id = Guid.NewGuid();
        var clusters = Events.Clusters(3);

        await pipeline.PublishAsync(Events.Planned(id, "abc1234def", clusters));
        foreach (var cluster in clusters.Concat(clusters))
        {
            // Every report twice: a redelivery must not add a message.
            await pipeline.PublishAsync(cluster == "cluster-2"
                ? Events.Deployed(id, cluster, "abc1234def", DeploymentOutcome.Failed, "Deployment/auth: CrashLoopBackOff")
                : Events.Deployed(id, cluster, "abc1234def"));
        }

        await teams.WaitForAsync(r => r.Count >= 1, Wait);
        await slack.WaitForAsync(r => r.Count >= 1, Wait);
        var completion = pipeline.Harness.Published.Select<DeploymentCompleted>(m => m.Context.Message.CorrelationId == id).First().Context.Message;
        await pipeline.PublishAsync(completion); // the completion redelivered
        await Task.Delay(1500);

        var request = Assert.Single(teams.Requests);
        Assert.Single(slack.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/webhookb2/abc/IncomingWebhook/def", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("message", json.RootElement.GetProperty("type").GetString());
        var attachment = Assert.Single(json.RootElement.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var text = CardText(card);
        Assert.Contains("Deployment failed on 1 of 3 clusters", text);
        Assert.Contains("cluster-2 Failed: Deployment/auth: CrashLoopBackOff", text);
        Assert.Contains("Clusters: 3 total · 2 succeeded · 1 failed", text);
        Assert.Contains("Commit: abc1234def", text);
        Assert.DoesNotContain("cluster-3", text);
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
    }

    [Fact]
    public async Task Rate_limited_teams_message_waits_retry_after_and_is_sent_once_more()
    {
        using var teams = await HttpCapture.StartAsync();
        teams.RespondByCount(n => n == 1 ? (429, 1) : (200, null));
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Teams:WebhookUrl"] = teams.Combine("/workflows/kit").ToString(),
            ["Kit:Slack:RetryBaseSeconds"] = "0.05",
        }, tracker: false);

        await pipeline.PublishAsync(Completed(Guid.NewGuid()));

        var requests = await teams.WaitForAsync(r => r.Count >= 2, Wait);
        await Task.Delay(500);
        Assert.Equal(2, teams.Requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(950), "Retry-After: 1 was not honoured");
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Contains("Deployment succeeded on 5 clusters", CardText(JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("attachments")[0].GetProperty("content")));
    }

    [Fact]
    public async Task Teams_messages_to_one_webhook_go_at_most_one_a_second()
    {
        using var teams = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Teams:WebhookUrl"] = teams.Combine("/hook").ToString(),
        }, tracker: false);

        foreach (var id in Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()))
        {
            await pipeline.PublishAsync(Completed(id));
        }

        var requests = await teams.WaitForAsync(r => r.Count >= 3, Wait);
        Assert.Equal(3, requests.Count);
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"{gap.TotalMilliseconds:0} ms between two Teams messages"));
    }

    [Fact]
    public void Secrets_never_reach_the_card()
    {
        var redactor = SecretRedactor.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kit:Repository:Password"] = "hunter2-repo-pass",
                ["Kit:Teams:WebhookUrl"] = "https://acme.webhook.office.com/webhookb2/t-e-a-m-s-hook",
            }).Build());
        var completed = Completed(Guid.NewGuid()) with
        {
            Failed = 1,
            Succeeded = 4,
            Failures =
            [
                new ClusterFailure
                {
                    Cluster = "eu-1",
                    Outcome = DeploymentOutcome.Failed,
                    Reason = "git fetch https://ci:hunter2-repo-pass@git.example.com/d.git failed; token=ghp_abcdefghijklmnopqrstuvwxyz0123; " +
                        "posted to https://acme.webhook.office.com/webhookb2/t-e-a-m-s-hook",
                },
            ],
        };

        var body = new TeamsMessages(redactor).Completed(completed);

        foreach (var secret in new[] { "hunter2", "ghp_abc", "t-e-a-m-s-hook" })
        {
            Assert.DoesNotContain(secret, body);
        }

        Assert.Contains("eu-1 Failed: git fetch https://\\*\\*\\*@git.example.com/d.git failed", CardText(JsonDocument.Parse(body).RootElement.GetProperty("attachments")[0].GetProperty("content")));
    }

    [Fact]
    public void Drift_card_names_the_cluster_and_the_changed_fields()
    {
        var drift = new DriftDetected
        {
            CorrelationId = Guid.NewGuid(),
            Cluster = "eu-1",
            Repository = "file:///deployments",
            Ref = "main",
            CommitSha = "abc1234def",
            Sequence = 1,
            Objects = [new DriftedObject { Kind = "Deployment", Namespace = "default", Name = "hello", Fields = ["spec.replicas: 5 -> 2"], Managers = ["kubectl-scale"] }],
            Signature = "sig",
            Healed = true,
            DetectedAt = DateTimeOffset.UtcNow,
        };

        var card = JsonDocument.Parse(new TeamsMessages(new SecretRedactor([])).Drift(drift)).RootElement.GetProperty("attachments")[0].GetProperty("content");

        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        var text = CardText(card);
        Assert.Contains("Drift on eu-1 healed", text);
        Assert.Contains("Deployment default/hello: spec.replicas: 5 -> 2", text);
    }

    /// <summary>Every TextBlock's text and every fact as "title: value", one per line.</summary>
    static string CardText(JsonElement card) =>
        string.Join('\n', card.GetProperty("body").EnumerateArray().SelectMany(block => block.GetProperty("type").GetString() switch
        {
            "TextBlock" => [block.GetProperty("text").GetString()!],
            "FactSet" => block.GetProperty("facts").EnumerateArray().Select(f => $"{f.GetProperty("title").GetString()}: {f.GetProperty("value").GetString()}"),
            var other => throw new InvalidOperationException($"unexpected block {other}"),
        }));

    static DeploymentCompleted Completed(Guid id) => new()
    {
        CorrelationId = id,
        CommitSha = "abc1234def5678",
        SourceImage = "registry.example.com/team/auth:1.4.2",
        Total = 5,
        Succeeded = 5,
        Cause = CommitCause.Image,
        StartedAt = DateTimeOffset.UtcNow.AddSeconds(-75),
        CompletedAt = DateTimeOffset.UtcNow,
    };
}
