using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Kit.Cli.Demo;
using Kit.Contracts;
using Kit.Harness;
using Kit.Hosting;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.Bench;

/// <summary>
/// soak: the five services as their own processes on the real RabbitMQ (a throwaway virtual host), the sample
/// repository grown to N simulated clusters, and a steady stream of ImageBuilt for M minutes. Prints throughput,
/// ImageBuilt→DeploymentCompleted latency percentiles, every service's memory at start and end, and what is left
/// in error queues; ok when every build was deployed or reported, no error queue holds a message, and every
/// cluster ends at the branch's tip. Not run in CI. Options: --minutes M (10) --clusters N (100) --interval-seconds S (5).
/// </summary>
static class SoakScenario
{
    static readonly string[] Queues = ["image-built", "manifests-committed", "manifests-rendered", "deployment-planned", "cluster-deployed", "deployment-completed-notification"];

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var minutes = Option(args, "--minutes", 10.0);
        var clusters = (int)Option(args, "--clusters", 100.0);
        var interval = TimeSpan.FromSeconds(Option(args, "--interval-seconds", 5.0));
        var total = Stopwatch.StartNew();

        using var root = new TempDirectory("kit-soak");
        var pipeline = await SampleRepository.StartAsync(root.Path, clusters, rolloutSeconds: 0.5);
        await using var simulator = pipeline.Simulator;
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("soak");
        using var slack = await HttpCapture.StartAsync();
        var services = new List<ServiceProcess>();
        try
        {
            foreach (var (name, project) in (ReadOnlySpan<(string, string)>)[("image-deployer", "Kit.ImageDeployer"), ("deploymentizer", "Kit.Deploymentizer"),
                         ("deployer", "Kit.Deployer"), ("tracker", "Kit.Tracker"), ("notifier", "Kit.Notifier")])
            {
                services.Add(ServiceProcess.Start(name, project, Settings(name, pipeline, root, vhost, slack)));
            }

            await WaitForConsumersAsync(vhost, services);
            var progress = new DeploymentProgress();
            using var probe = await StartProbeAsync(vhost, progress);
            var bus = probe.Services.GetRequiredService<IBus>();

            // One deployment before measuring, so that start-up costs are not in the figures.
            var warmup = Image("0.0.1");
            await bus.Publish(warmup);
            await progress.CompletedAsync(warmup.CorrelationId, TimeSpan.FromMinutes(3));
            var memoryAtStart = services.ToDictionary(s => s.Name, s => RssMegabytes(s.Id));
            Console.WriteLine($"soak: {clusters} clusters, one ImageBuilt every {interval.TotalSeconds:0.#} s for {minutes:0.#} min; memory at start (MiB): {Describe(memoryAtStart)}");

            var published = new ConcurrentDictionary<Guid, long>();
            var completedAt = new ConcurrentDictionary<Guid, long>();
            var clock = Stopwatch.StartNew();
            var run = TimeSpan.FromMinutes(minutes);
            for (var i = 1; clock.Elapsed < run; i++)
            {
                var image = Image($"1.{i / 1000}.{i % 1000}");
                published[image.CorrelationId] = Stopwatch.GetTimestamp();
                _ = progress.For(image.CorrelationId).Completion.Task.ContinueWith(
                    _ => completedAt[image.CorrelationId] = Stopwatch.GetTimestamp(), TaskScheduler.Default);
                await bus.Publish(image);
                if (i % 12 == 0)
                {
                    var done = published.Keys.Count(id => progress.For(id).Completion.Task.IsCompleted);
                    Console.WriteLine($"  {clock.Elapsed.TotalMinutes:0.0} min: {published.Count} published, {done} completed");
                }

                var next = interval * i - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next);
                }
            }

            var publishing = clock.Elapsed;
            var drained = Stopwatch.StartNew();
            bool Settled(Guid id) => progress.For(id).Completion.Task.IsCompleted || !progress.For(id).Failures.IsEmpty;
            while (!published.Keys.All(Settled) && drained.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(250);
            }

            var elapsed = clock.Elapsed;
            var latencies = published
                .Where(p => completedAt.ContainsKey(p.Key))
                .Select(p => (completedAt[p.Key] - p.Value) / (double)Stopwatch.Frequency)
                .Order().ToList();
            var skipped = published.Keys.Count(id => !progress.For(id).Completion.Task.IsCompleted && !progress.For(id).Failures.IsEmpty);
            var unsettled = published.Keys.Count(id => !Settled(id));
            var completions = published.Keys.Where(id => progress.For(id).Completion.Task.IsCompletedSuccessfully).Select(id => progress.For(id).Completion.Task.Result).ToList();
            var clusterDeployments = completions.Sum(c => c.Total);
            var failedClusters = completions.Sum(c => c.Failures.Count);
            var memoryAtEnd = services.ToDictionary(s => s.Name, s => RssMegabytes(s.Id));
            var errorQueues = await ErrorQueuesAsync(vhost);
            var errorMessages = errorQueues.Values.Sum();
            var tip = Tip(pipeline);
            var behind = pipeline.Names.Count(c => CommitOf(pipeline, c) != tip);
            var exited = services.Where(s => s.HasExited).Select(s => s.Name).ToList();

            Console.WriteLine($"published {published.Count} ImageBuilt in {publishing.TotalMinutes:0.0} min; {completions.Count} DeploymentCompleted, " +
                $"{skipped} reported without a deployment (batched into a newer commit or failed), {unsettled} unsettled after draining");
            Console.WriteLine($"throughput: {completions.Count / elapsed.TotalMinutes:0.0} deployments/min, {clusterDeployments / elapsed.TotalSeconds:0.0} cluster deployments/s; {failedClusters} cluster failures");
            Console.WriteLine($"ImageBuilt→DeploymentCompleted: p50 {Percentile(latencies, 0.5):0.00} s, p90 {Percentile(latencies, 0.9):0.00} s, p99 {Percentile(latencies, 0.99):0.00} s, max {(latencies.Count == 0 ? 0 : latencies[^1]):0.00} s");
            Console.WriteLine($"memory at end (MiB): {Describe(memoryAtEnd)}");
            Console.WriteLine($"error queues: {(errorQueues.Count == 0 ? "none" : string.Join(", ", errorQueues.Select(q => $"{q.Key}={q.Value}")))}; {behind} clusters not at the tip {tip[..8]}; exited services: {(exited.Count == 0 ? "none" : string.Join(", ", exited))}");

            var ok = unsettled == 0 && errorMessages == 0 && behind == 0 && exited.Count == 0 && failedClusters == 0 && completions.Count > 0;
            var figures = new Dictionary<string, object>
            {
                ["minutes"] = Math.Round(publishing.TotalMinutes, 2),
                ["clusters"] = clusters,
                ["published"] = published.Count,
                ["completed"] = completions.Count,
                ["deployments_per_min"] = Math.Round(completions.Count / elapsed.TotalMinutes, 1),
                ["cluster_deployments_per_sec"] = Math.Round(clusterDeployments / elapsed.TotalSeconds, 1),
                ["p50_s"] = Math.Round(Percentile(latencies, 0.5), 2),
                ["p90_s"] = Math.Round(Percentile(latencies, 0.9), 2),
                ["p99_s"] = Math.Round(Percentile(latencies, 0.99), 2),
                ["error_queue_messages"] = errorMessages,
                ["behind"] = behind,
            };
            foreach (var service in services)
            {
                figures[$"{service.Name}_mb"] = $"{memoryAtStart[service.Name]:0}->{memoryAtEnd[service.Name]:0}";
            }

            await probe.StopAsync();
            return new BenchResult(ok, total.Elapsed, figures);
        }
        finally
        {
            foreach (var service in services)
            {
                service.Dispose();
            }
        }
    }

    static Dictionary<string, string?> Settings(string service, SampleClusters pipeline, TempDirectory root, RabbitMqVirtualHost vhost, HttpCapture slack)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        switch (service)
        {
            case "image-deployer":
            case "deploymentizer":
                settings["Kit:Repository:Url"] = pipeline.Repository;
                settings["Kit:Repository:Branch"] = "main";
                settings["Kit:Repository:WorkDirectory"] = root.Combine("work-" + service);
                settings["Kit:ImageDeployer:PollSeconds"] = "0";
                break;
            case "deployer":
                settings["Kit:Deployer:Kubeconfigs"] = pipeline.Kubeconfigs;
                settings["Kit:Deployer:PollMilliseconds"] = "200";
                break;
            case "tracker":
                settings["ConnectionStrings:Tracker"] = $"Data Source={root.Combine("tracker.db")}";
                break;
            case "notifier":
                settings["Kit:Slack:WebhookUrl"] = slack.Url;
                break;
        }

        return settings;
    }

    static async Task WaitForConsumersAsync(RabbitMqVirtualHost vhost, IReadOnlyList<ServiceProcess> services)
    {
        var clock = Stopwatch.StartNew();
        foreach (var queue in Queues)
        {
            while (await vhost.ConsumersAsync(queue) == 0)
            {
                if (services.FirstOrDefault(s => s.HasExited) is { } exited)
                {
                    throw new InvalidOperationException($"{exited.Name} exited: {string.Join('\n', exited.Output.TakeLast(20))}");
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"no consumer on {queue} after 2 min");
                }

                await Task.Delay(250);
            }
        }
    }

    static async Task<IHost> StartProbeAsync(RabbitMqVirtualHost vhost, DeploymentProgress progress)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString });
        builder.Services.AddSingleton(progress);
        builder.AddKitBus(x => x.AddConsumer<ProgressConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    static async Task<Dictionary<string, int>> ErrorQueuesAsync(RabbitMqVirtualHost vhost)
    {
        var queues = await vhost.DescribeQueuesAsync();
        return queues.Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(q => q.Split('='))
            .Where(q => q[0].EndsWith("_error", StringComparison.Ordinal) && int.Parse(q[1], CultureInfo.InvariantCulture) > 0)
            .ToDictionary(q => q[0], q => int.Parse(q[1], CultureInfo.InvariantCulture));
    }

    static ImageBuilt Image(string tag) => SampleImage.Built(tag);

    static string Tip(SampleClusters pipeline)
    {
        using var repo = new LibGit2Sharp.Repository(pipeline.Repository);
        return repo.Branches["main"].Tip.Sha;
    }

    static string? CommitOf(SampleClusters pipeline, string cluster) =>
        pipeline.Simulator.Cluster(cluster).List("deployments")
            .Select(d => d["metadata"]?["labels"]?[Kit.Kubernetes.Marks.Commit]?.GetValue<string>())
            .FirstOrDefault();

    static double RssMegabytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    static string Describe(Dictionary<string, double> memory) => string.Join(", ", memory.Select(m => $"{m.Key} {m.Value:0}"));

    static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    static double Option(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && double.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
