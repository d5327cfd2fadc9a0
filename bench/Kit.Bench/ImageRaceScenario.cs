using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Kit.Contracts;
using Kit.Git;
using Kit.Hosting;
using Kit.ImageUpdating;
using LibGit2Sharp;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Bench;

/// <summary>
/// image-race: 200 ImageBuilt for 50 services, published at once on the real RabbitMQ (a fresh virtual
/// host), consumed by two image-deployer hosts in this process that push to one bare repository.
/// Reports the time until every service's file holds its newest image, the commits and the refused pushes.
/// </summary>
public static class ImageRaceScenario
{
    const int Services = 50;
    const int BuildsPerService = 4;
    const string Branch = "main";
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    static readonly DateTimeOffset FirstBuild = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var root = Path.Combine(Path.GetTempPath(), $"kit-image-race-{Guid.NewGuid():N}"[..24]);
        var origin = Path.Combine(root, "deployments.git");
        CreateRepository(origin);
        var vhost = $"bench-image-race-{Guid.NewGuid():N}";
        using var management = Management();
        (await management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        (await management.PutAsync($"api/permissions/{vhost}/guest", new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var broker = $"amqp://guest:guest@127.0.0.1:5672/{vhost}";
        var hosts = new List<WebApplication>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                hosts.Add(await StartHostAsync(broker, origin, Path.Combine(root, $"work-{i}"), args.Contains("--verbose")));
            }

            var outcomes = new ConcurrentDictionary<Guid, string>();
            var observer = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(new Uri(broker));
                cfg.ReceiveEndpoint("bench-image-race-outcomes", e =>
                {
                    e.Handler<ManifestsCommitted>(c => Task.FromResult(outcomes.TryAdd(c.Message.CorrelationId, "committed")));
                    e.Handler<ImageUpdateFailed>(c => Task.FromResult(outcomes.TryAdd(c.Message.CorrelationId, c.Message.Skipped ? "skipped" : "failed")));
                });
            });
            await observer.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            try
            {
                var messages = Messages();
                Console.WriteLine($"image-race: {messages.Count} ImageBuilt for {Services} services, 2 image-deployers, one bare repository");
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(messages.Select(m => observer.Publish(m)));
                var done = await WaitAsync(() => AllNewest(origin), Deadline);
                var pushedIn = clock.Elapsed;
                await WaitAsync(() => outcomes.Count == messages.Count, TimeSpan.FromSeconds(30));
                var writers = hosts.Select(h => h.Services.GetRequiredService<ImageWriter>().Metrics).ToList();
                var commits = CountCommits(origin) - 1;
                var failed = outcomes.Values.Count(v => v == "failed");
                Console.WriteLine($"image-race: every update pushed after {pushedIn.TotalSeconds:0.00} s in {commits} commits, {writers.Sum(w => w.PushRetries)} refused pushes re-applied; outcomes: " +
                                  string.Join(", ", outcomes.Values.GroupBy(v => v).Select(g => $"{g.Count()} {g.Key}")));
                return new BenchResult(done && outcomes.Count == messages.Count && failed == 0, pushedIn, new Dictionary<string, object>
                {
                    ["images"] = messages.Count,
                    ["services"] = Services,
                    ["commits"] = commits,
                    ["push_retries"] = writers.Sum(w => w.PushRetries),
                    ["announced"] = outcomes.Values.Count(v => v == "committed"),
                    ["skipped"] = outcomes.Values.Count(v => v == "skipped"),
                    ["failed"] = failed,
                });
            }
            finally
            {
                await observer.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                await host.DisposeAsync();
            }

            await management.DeleteAsync($"api/vhosts/{vhost}");
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Four builds per service, the newest last in time but published in random order.</summary>
    static List<ImageBuilt> Messages() =>
    [
        .. (from build in Enumerable.Range(1, BuildsPerService)
            from service in Enumerable.Range(1, Services)
            select ImageAnnouncement.For(
                ImageReference.Parse($"registry.example.com/team/svc-{service:00}:{build}.0.0"), $"team/svc-{service:00}", Branch, NewId.NextGuid(),
                FirstBuild.AddMinutes(build), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000", "CI", "ci@example.com")).OrderBy(_ => Random.Shared.Next()),
    ];

    static async Task<WebApplication> StartHostAsync(string broker, string origin, string work, bool verbose)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker,
            ["Kit:Repository:Url"] = origin,
            ["Kit:Repository:Branch"] = Branch,
            ["Kit:Repository:WorkDirectory"] = work,
            ["Kit:ImageDeployer:PollSeconds"] = "0",
            ["Serilog:MinimumLevel:Default"] = verbose ? "Information" : "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKitDefaults(ImageUpdatingRegistration.ServiceName);
        builder.AddImageUpdating();
        builder.AddKitBus(x => x.AddImageUpdatingConsumers());
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var app = builder.Build();
        if (!KitApplication.TryValidate(app.Services, out var error))
        {
            throw new InvalidOperationException(error);
        }

        await app.StartAsync();
        return app;
    }

    static void CreateRepository(string path)
    {
        Repository.Init(path, isBare: true);
        using var repo = new Repository(path);
        var tree = new TreeDefinition();
        tree.Add("kit.yaml", repo.ObjectDatabase.CreateBlob(new MemoryStream("images:\n  path: images\n  property: image\n"u8.ToArray())), Mode.NonExecutableFile);
        var signature = new Signature("bench", "bench@example.com", DateTimeOffset.UtcNow);
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, "First commit\n", repo.ObjectDatabase.CreateTree(tree), [], false);
        repo.Refs.Add("refs/heads/" + Branch, commit.Id);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/" + Branch);
    }

    static bool AllNewest(string origin)
    {
        using var repo = new Repository(origin);
        var tip = repo.Branches[Branch].Tip;
        return Enumerable.Range(1, Services).All(service =>
            tip[$"images/team/svc-{service:00}/{Branch}.yaml"]?.Target is Blob blob
            && ImageFile.Read(blob.GetContentText(), "image", "").Image == $"registry.example.com/team/svc-{service:00}:{BuildsPerService}.0.0");
    }

    static int CountCommits(string origin)
    {
        using var repo = new Repository(origin);
        return repo.Branches[Branch].Commits.Count();
    }

    static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    static HttpClient Management()
    {
        var client = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
