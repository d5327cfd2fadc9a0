using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Contracts;
using Kit.Harness;
using Kit.Hosting;
using Kit.Testing;
using Kit.Testing.Tracking;
using Kit.Tracking.Queries;
using MassTransit;

namespace Kit.Tracking.Tests;

public sealed class TrackerServiceTests
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Read_api_answers_beside_the_health_endpoints()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        var completed = await ListenAsync<DeploymentCompleted>(tracker.Bus);
        var id = Guid.NewGuid();

        await tracker.Bus.Publish(Events.Planned(id, "abc1234", "eu-1", "us-1"));
        await tracker.Bus.Publish(Events.Deployed(id, "eu-1", "abc1234"));
        // The plan and the report go to different queues: wait until both are in.
        var running = await PollAsync(tracker, id, d => d.Progress is { Total: 2, Completed: 1 });
        await tracker.Bus.Publish(Events.Deployed(id, "us-1", "abc1234", DeploymentOutcome.Failed, "Job/migrate failed"));
        var summary = await completed.Task.WaitAsync(Wait);

        Assert.Equal(DeploymentStatus.Running, running.Status);
        Assert.Equal(50, running.Progress.Percent);
        Assert.Equal((2, 1, 1), (summary.Total, summary.Succeeded, summary.Failed));
        var done = await PollAsync(tracker, id, d => d.Status != DeploymentStatus.Running);
        Assert.Equal(DeploymentStatus.Failed, done.Status);
        Assert.Equal(["eu-1", "us-1"], done.Clusters!.Select(c => c.Cluster));
        Assert.Equal("Job/migrate failed", done.Clusters![1].Error);

        var list = await tracker.Http.GetFromJsonAsync<List<DeploymentView>>("api/deployments", Json);
        Assert.Equal(id, Assert.Single(list!).Id);
        var clusters = await tracker.Http.GetFromJsonAsync<List<ClusterView>>("api/clusters", Json);
        Assert.Equal(["eu-1", "us-1"], clusters!.Select(c => c.Cluster));
        Assert.Null(clusters![1].CurrentCommit);
        var history = await tracker.Http.GetFromJsonAsync<List<ClusterHistoryEntry>>("api/clusters/eu-1/history", Json);
        Assert.Equal("abc1234", Assert.Single(history!).CommitSha);

        Assert.Equal(HttpStatusCode.NotFound, (await tracker.Http.GetAsync($"api/deployments/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await tracker.Http.GetAsync("api/deployments/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tracker.Http.GetAsync("api/clusters/nowhere/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tracker.Http.GetAsync("health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tracker.Http.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task Deadline_check_publishes_the_completion_with_silent_clusters_timed_out()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database, new Dictionary<string, string?>
        {
            ["Kit:Tracker:DeadlineSeconds"] = "1",
            ["Kit:Tracker:CheckIntervalSeconds"] = "0.2",
        });
        var completed = await ListenAsync<DeploymentCompleted>(tracker.Bus);
        var id = Guid.NewGuid();

        await tracker.Bus.Publish(Events.Planned(id, "abc1234", "eu-1", "us-1", "ap-1"));
        await tracker.Bus.Publish(Events.Deployed(id, "eu-1", "abc1234"));
        var summary = await completed.Task.WaitAsync(Wait);

        Assert.Equal(id, summary.CorrelationId);
        Assert.Equal((3, 1, 2), (summary.Total, summary.Succeeded, summary.TimedOut));
        Assert.Equal(["ap-1", "us-1"], summary.Failures.Select(f => f.Cluster).Order());
    }

    [Fact]
    public async Task Log_events_reach_seq_with_deployment_id_service_and_trace_id()
    {
        using var seq = await HttpCapture.StartAsync();
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var id = Guid.NewGuid();
        string traceId;
        await using (var tracker = await TrackerApp.StartAsync(database, new Dictionary<string, string?>
        {
            ["Seq:ServerUrl"] = seq.Url,
            ["Seq:ApiKey"] = "seq-test-key",
        }))
        {
            var completed = await ListenAsync<DeploymentCompleted>(tracker.Bus);
            using var source = new ActivitySource(KitDefaults.ActivitySourceName);
            using (var activity = source.StartActivity("ci publish"))
            {
                Assert.NotNull(activity); // OpenTelemetry listens to kit's source
                traceId = activity.TraceId.ToString();
                await tracker.Bus.Publish(Events.Planned(id, "abc1234", "eu-1"));
                await tracker.Bus.Publish(Events.Deployed(id, "eu-1", "abc1234"));
            }

            await completed.Task.WaitAsync(Wait);
            await seq.WaitForAsync(r => r.Any(x => x.Body.Contains("completed")), Wait);
        }

        var requests = seq.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("seq-test-key", r.Headers["X-Seq-ApiKey"]));
        Assert.All(requests, r => Assert.StartsWith("/api/events/raw", r.Path));
        Assert.All(requests, r => Assert.StartsWith("application/vnd.serilog.clef", r.Headers["Content-Type"]));
        var events = requests
            .SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("DeploymentId", out var d) && d.GetString() == id.ToString())
            .ToList();
        Assert.True(events.Count >= 3, $"{events.Count} events carry the deployment id");
        Assert.All(events, e => Assert.Equal("tracker", e.GetProperty("Service").GetString()));
        Assert.All(events, e => Assert.Equal(traceId, e.GetProperty("@tr").GetString()));
        Assert.Contains(events, e => e.TryGetProperty("Cluster", out var c) && c.GetString() == "eu-1");
        Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Deployment {DeploymentId} completed"));
    }

    static async Task<TaskCompletionSource<T>> ListenAsync<T>(IBus bus)
        where T : class
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = bus.ConnectReceiveEndpoint($"test-{typeof(T).Name}-{Guid.NewGuid():N}", e => e.Handler<T>(context =>
        {
            received.TrySetResult(context.Message);
            return Task.CompletedTask;
        }));
        await handle.Ready.WaitAsync(Wait);
        return received;
    }

    static async Task<DeploymentView> PollAsync(TrackerApp tracker, Guid id, Func<DeploymentView, bool> until)
    {
        var view = await Eventually.ValueAsync(async () =>
        {
            var response = await tracker.Http.GetAsync($"api/deployments/{id}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DeploymentView>(Json) : null;
        }, v => v is not null && until(v), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(view is not null && until(view), $"deployment {id} never reached the expected state; last seen {view?.Status} {view?.Progress}");
        return view!;
    }
}
