using System.Diagnostics;
using Kit.Contracts;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.Notifying;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class NotifierKillTests(ITestOutputHelper output)
{
    const string Queue = "deployment-completed-notification";

    [Fact]
    public async Task A_notifier_killed_before_slack_took_the_message_leaves_it_to_the_next_notifier_which_posts_it_once()
    {
        await using var pipeline = await Pipeline.StartAsync(1, rolloutSeconds: 0.2);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("kill-notifier");
        using var slack = await HttpCapture.StartAsync();

        // Slack tells the first post to come back in a minute: the notifier has the event and has not delivered it.
        slack.RespondByCount(n => n == 1 ? (429, 60) : (200, null));
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url, NotifyingRegistration.ServiceName);
        using var doomed = ServiceProcess.Start("notifier-a", "Kit.Notifier", fleet.Settings(NotifyingRegistration.ServiceName));
        await Consumers.WaitAsync(vhost, Queue, 1, [doomed]);

        var completed = new DeploymentCompleted
        {
            CorrelationId = Guid.NewGuid(),
            CommitSha = "0123456789abcdef",
            Total = 3,
            Succeeded = 3,
            StartedAt = DateTimeOffset.UtcNow.AddSeconds(-20),
            CompletedAt = DateTimeOffset.UtcNow,
        };
        var clock = Stopwatch.StartNew();
        await fleet.Bus.Publish(completed);
        await slack.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => doomed.Logged("rate limited"), TimeSpan.FromSeconds(10),
            () => "notifier-a did not wait out Retry-After: " + string.Join('\n', doomed.Output.TakeLast(15)));
        doomed.Kill();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed notifier-a (pid {doomed.Id}) while it waited out Slack's Retry-After: 60");

        using var survivor = ServiceProcess.Start("notifier-b", "Kit.Notifier", fleet.Settings(NotifyingRegistration.ServiceName));
        var requests = await slack.WaitForAsync(r => r.Count >= 2, TimeSpan.FromSeconds(60));
        var delivered = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate would arrive meanwhile
        output.WriteLine($"{delivered.TotalSeconds:0.0} s: Slack received {slack.Requests.Count} request(s) in all; " +
            $"notifier-b logged: {string.Join(" | ", survivor.Output.Where(l => l.Contains("notification", StringComparison.Ordinal)))}");

        Assert.Equal(2, slack.Requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Contains(completed.CorrelationId.ToString(), requests[1].Body);
        Assert.True(survivor.Logged($"Sent slack notification for deployment {completed.CorrelationId}"), string.Join('\n', survivor.Output.TakeLast(15)));
        Assert.Equal(0, await vhost.QueueDepthAsync(Queue + "_error"));
    }
}
