using System.Text.Json;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing;
using Kit.Testing.Tracking;
using MassTransit;

namespace Kit.Notifying.Tests;

/// <summary>One message per drift episode; nothing when a start-up or reconcile pass changed nothing.</summary>
public sealed class DriftNotificationTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Three_identical_drift_reports_send_one_message_and_a_new_signature_another()
    {
        using var slack = await HttpCapture.StartAsync();
        using var hook = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Webhook:Urls:DriftDetected"] = hook.Combine("/drift").ToString(),
        });
        var id = Guid.NewGuid();

        for (var check = 0; check < 3; check++)
        {
            await pipeline.PublishAsync(Drift(id, "sig-a", DateTimeOffset.UtcNow.AddSeconds(check)));
        }

        Assert.True(await Eventually.HoldsAsync(() => Consumed(pipeline, "sig-a") >= 3, Wait, TimeSpan.FromMilliseconds(50)), "the drift reports were not consumed");
        await slack.WaitForAsync(r => r.Count >= 1, Wait);
        await hook.WaitForAsync(r => r.Count >= 1, Wait);
        await Task.Delay(500);
        var message = SlackBlocks.Text(Assert.Single(slack.Requests).Body);
        Assert.Contains("Drift on eu-1 healed", message);
        Assert.Contains("`Deployment default/hello` spec.replicas: 5 -&gt; 2 (by kubectl-scale)", message);
        using (var body = JsonDocument.Parse(Assert.Single(hook.Requests).Body))
        {
            Assert.Equal("DriftDetected", body.RootElement.GetProperty("event").GetString());
            Assert.Equal("sig-a", body.RootElement.GetProperty("data").GetProperty("signature").GetString());
        }

        await pipeline.PublishAsync(Drift(id, "sig-b", DateTimeOffset.UtcNow.AddSeconds(5)));

        await slack.WaitForAsync(r => r.Count >= 2, Wait);
        await hook.WaitForAsync(r => r.Count >= 2, Wait);
        await Task.Delay(500);
        Assert.Equal(2, slack.Requests.Count);
        Assert.Equal(2, hook.Requests.Count);
        Assert.False(await pipeline.Harness.Published.Any<Fault>());
    }

    [Theory]
    [InlineData(CommitCause.Startup)]
    [InlineData(CommitCause.Reconcile)]
    public async Task A_pass_that_found_every_cluster_unchanged_sends_nothing_and_a_real_change_is_sent(CommitCause cause)
    {
        using var slack = await HttpCapture.StartAsync();
        using var hook = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var pipeline = await PipelineHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Slack:WebhookUrl"] = slack.Combine("/hook").ToString(),
            ["Kit:Webhook:Urls:DeploymentCompleted"] = hook.Combine("/completed").ToString(),
        });
        var unchanged = Guid.NewGuid();
        await pipeline.PublishAsync(Events.Planned(unchanged, "abc1234def", "eu-1", "us-1") with { Cause = cause });
        await pipeline.PublishAsync(Events.Deployed(unchanged, "eu-1", "abc1234def", DeploymentOutcome.Skipped) with { SkipReason = "unchanged" });
        await pipeline.PublishAsync(Events.Deployed(unchanged, "us-1", "abc1234def", DeploymentOutcome.Skipped) with { SkipReason = "unchanged" });
        Assert.True(await pipeline.Harness.Consumed.Any<DeploymentCompleted>(m => m.Context.Message.CorrelationId == unchanged));

        var changed = Guid.NewGuid();
        await pipeline.PublishAsync(Events.Planned(changed, "0f0e0d0c0b", "eu-1", "us-1") with { Cause = cause });
        await pipeline.PublishAsync(Events.Deployed(changed, "eu-1", "0f0e0d0c0b"));
        await pipeline.PublishAsync(Events.Deployed(changed, "us-1", "0f0e0d0c0b", DeploymentOutcome.Skipped) with { SkipReason = "unchanged" });

        await slack.WaitForAsync(r => r.Count >= 1, Wait);
        await hook.WaitForAsync(r => r.Count >= 1, Wait);
        await Task.Delay(500);
        Assert.Contains("0f0e0d0c0b", SlackBlocks.Text(Assert.Single(slack.Requests).Body));
        Assert.Contains(changed.ToString(), Assert.Single(hook.Requests).Body);
    }

    static int Consumed(PipelineHost pipeline, string signature) =>
        pipeline.Harness.Consumed.Select<DriftDetected>(m => m.Context.Message.Signature == signature).Count();

    static DriftDetected Drift(Guid id, string signature, DateTimeOffset at) => new()
    {
        CorrelationId = id,
        Cluster = "eu-1",
        Repository = "file:///deployments",
        Ref = "main",
        CommitSha = "abc1234def",
        Sequence = 3,
        Objects = [new DriftedObject { Kind = "Deployment", Namespace = "default", Name = "hello", Fields = ["spec.replicas: 5 -> 2"], Managers = ["kubectl-scale"] }],
        Signature = signature,
        Healed = true,
        DetectedAt = at,
    };
}
