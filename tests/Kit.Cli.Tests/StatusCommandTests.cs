using Kit.Cli.Commands;
using Kit.Contracts;
using Kit.Testing;
using Kit.Testing.Tracking;
using Spectre.Console.Testing;

namespace Kit.Cli.Tests;

public sealed class StatusCommandTests
{
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Status_of_a_recorded_deployment_shows_progress_and_every_cluster()
    {
        await using var recorded = await RecordedDeployment.StartAsync(complete: true);
        var (tracker, id, http, console) = (recorded.Tracker, recorded.Id, recorded.Http, recorded.Console);

        var code = await StatusCommand.Handler(new StatusRequest(id.ToString(), false, tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)), console, http, None);

        var output = console.Output;
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains($"Deployment {id}", output);
        Assert.Contains("failed", output);
        Assert.Contains("100% (3/3) · 2 successful · 1 failed · 0 remaining", output);
        Assert.Contains("eu-1", output);
        Assert.Contains("registry.example.com/team/auth:abc1", output);
        Assert.Contains("CrashLoopBackOff", output);
    }

    [Fact]
    public async Task Status_without_an_id_lists_deployments_and_what_runs_on_each_cluster()
    {
        await using var recorded = await RecordedDeployment.StartAsync(complete: true);
        var (tracker, id, http, console) = (recorded.Tracker, recorded.Id, recorded.Http, recorded.Console);

        var code = await StatusCommand.Handler(new StatusRequest(null, false, tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)), console, http, None);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(id.ToString(), console.Output);
        Assert.Contains("Clusters", console.Output);
        Assert.Contains("abc1234", console.Output);
        Assert.Contains("ap-1", console.Output);
        Assert.Contains("us-1", console.Output);
    }

    [Fact]
    public async Task Watch_follows_a_running_deployment_until_it_completes()
    {
        await using var recorded = await RecordedDeployment.StartAsync(complete: false);
        var (tracker, id, http, console) = (recorded.Tracker, recorded.Id, recorded.Http, recorded.Console);

        var watching = StatusCommand.Handler(new StatusRequest(null, true, tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)), console, http, None);
        await Task.Delay(500);
        Assert.False(watching.IsCompleted);
        await tracker.Bus.Publish(Events.Deployed(id, "us-1", "abc1234"));
        var code = await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("66% (2/3)", console.Output);
        Assert.Contains("100% (3/3)", console.Output);
    }

    [Fact]
    public async Task Unreachable_tracker_and_bad_id_are_one_clear_line_each()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var console = new TestConsole().Width(200);

        var unreachable = await StatusCommand.Handler(new StatusRequest(null, false, "http://127.0.0.1:9", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), console, http, None);
        var badId = await StatusCommand.Handler(new StatusRequest("not-an-id", false, "http://127.0.0.1:9", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), console, http, None);
        var badUrl = await StatusCommand.Handler(new StatusRequest(null, false, "ftp://tracker", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), console, http, None);

        Assert.Equal((ExitCodes.Unreachable, ExitCodes.Usage, ExitCodes.Usage), (unreachable, badId, badUrl));
        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("cannot reach the tracker at http://127.0.0.1:9/", lines[0]);
        Assert.Contains("not-an-id is not a deployment id", lines[1]);
        Assert.Contains("--tracker must be an http:// or https:// URL", lines[2]);
    }

    [Theory]
    [InlineData(404, null, null)]
    [InlineData(200, "text/html", null)]
    [InlineData(404, "text/html", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData(200, "text/html", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData(500, null, null)]
    public async Task Status_against_a_server_that_is_not_a_tracker_says_so_in_one_line_with_exit_code_three(int status, string? contentType, string? id)
    {
        using var server = await Kit.Harness.HttpCapture.StartAsync();
        server.Respond = _ => (status, contentType is null ? null : new Dictionary<string, string> { ["Content-Type"] = contentType });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var console = new TestConsole().Width(300);

        var code = await StatusCommand.Handler(new StatusRequest(id, false, server.Url, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), console, http, None);

        Assert.Equal(ExitCodes.Unreachable, code);
        var line = Assert.Single(console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{server.Url.TrimEnd('/')}/ is not a kit tracker: GET /api/deployments", line);
    }

    [Fact]
    public async Task Status_without_flags_finds_the_tracker_kit_up_serves()
    {
        using var work = new Kit.Harness.TempDirectory();
        using var origin = Kit.Testing.BareGitRepository.Create();
        Directory.CreateDirectory(work.Combine("kubeconfigs"));
        var addressFile = work.Combine("state", "up-url");
        var up = new UpRequest(origin.Path, work.Combine("kubeconfigs"), null, 0, null, $"Data Source={work.Combine("tracker.db")}", 0);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var upOutput = new StringWriter();
        var running = Task.Run(() => UpCommand.Handler(up, TextWriter.Synchronized(upOutput), stop.Token, addressFile));
        await Eventually.HoldsAsync(() => UpAddress.Read(addressFile) is not null || running.IsCompleted, TimeSpan.FromSeconds(30));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var console = new TestConsole().Width(200);
        var code = await StatusCommand.Handler(new StatusRequest(null, false, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), addressFile), console, http, None);
        var recorded = UpAddress.Read(addressFile);
        await stop.CancelAsync();
        var upExit = await running;

        Assert.NotNull(recorded);
        Assert.StartsWith("http://127.0.0.1:", recorded);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Deployments", console.Output);
        Assert.Equal(ExitCodes.Ok, upExit);
        Assert.Contains($"kit status finds it there", upOutput.ToString());
        Assert.False(File.Exists(addressFile), "kit up leaves no address behind when it stops");
    }

    /// <summary>Three clusters: eu-1 succeeds, ap-1 crashes, us-1 reports only when complete.</summary>
    static async Task Record(TrackerApp tracker, Guid id, bool complete)
    {
        await tracker.Bus.Publish(Events.Planned(id, "abc1234", "eu-1", "us-1", "ap-1"));
        await tracker.Bus.Publish(Events.Deployed(id, "eu-1", "abc1234"));
        await tracker.Bus.Publish(Events.Deployed(id, "ap-1", "abc1234", DeploymentOutcome.Failed, "Deployment/auth: CrashLoopBackOff"));
        if (complete)
        {
            await tracker.Bus.Publish(Events.Deployed(id, "us-1", "abc1234"));
        }

        using var http = new HttpClient { BaseAddress = tracker.Address };
        var recorded = await Eventually.HoldsAsync(async () =>
        {
            var body = await http.GetStringAsync($"api/deployments/{id}").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
            return body.Contains("\"planned\":true") && body.Contains(complete ? "\"status\":\"Failed\"" : "\"completed\":2");
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(recorded, "the tracker never recorded the deployment");
    }

    /// <summary>A tracker over a fresh database that recorded one deployment, and the console and client kit status uses.</summary>
    internal sealed class RecordedDeployment(TestDatabase database, TrackerApp tracker) : IAsyncDisposable
    {
        public TrackerApp Tracker => tracker;
        public Guid Id { get; } = Guid.NewGuid();
        public HttpClient Http { get; } = new();
        public TestConsole Console { get; } = new TestConsole().Width(200);

        public static async Task<RecordedDeployment> StartAsync(bool complete)
        {
            var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
            var recorded = new RecordedDeployment(database, await TrackerApp.StartAsync(database));
            await Record(recorded.Tracker, recorded.Id, complete);
            return recorded;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await tracker.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
