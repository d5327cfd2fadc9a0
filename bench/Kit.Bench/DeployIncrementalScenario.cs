using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Cli.Commands;
using Kit.Contracts;
using Kit.Git;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using LibGit2Sharp;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Bench;

/// <summary>
/// <c>deploy-incremental</c>: <c>kit up</c> (the in-memory bus, the real deploymentizer and deployer) over a
/// deployments repository of 1,000 clusters x 20 services (a Deployment each) and 1,000 simulated clusters
/// (5 ms API latency, immediate rollouts; the simulator is a process of its own, so memory and GC are kit's).
/// Once the first commit's deployment is complete, a commit changes one service's image; from its announcement
/// (<c>ManifestsCommitted</c>) to the last cluster's <c>ClusterDeployed</c> (as the deployer publishes it) is <c>converged_s</c>;
/// <c>applies_per_cluster</c> counts the server-side applies kit sent meanwhile (dry runs apart), <c>cpu_s</c>
/// the process's CPU time and <c>sim_cpu_s</c> the simulator's. ok when every cluster succeeded at the new commit, runs the new image, and its other
/// Deployments kept their resource versions.
/// Options: --clusters N --latency-ms N.
/// </summary>
static class DeployIncrementalScenario
{
    const int Services = 20;
    const int Changed = 7;

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var clusters = BenchOptions.Int(args, "--clusters", 1000);
        var latency = BenchOptions.Int(args, "--latency-ms", 5);
        var total = Stopwatch.StartNew();
        var root = Path.Combine(Path.GetTempPath(), $"kit-incremental-{Guid.NewGuid():N}"[..28]);
        try
        {
            var kubeconfigs = Path.Combine(root, "kubeconfigs");
            await using var sim = await SimulatorProcess.StartAsync(clusters, kubeconfigs, latency);
            var names = Enumerable.Range(1, clusters).Select(i => $"c{i}").ToList();
            var origin = Path.Combine(root, "deployments.git");
            var work = Path.Combine(root, "work");
            Repository.Init(origin, isBare: true);
            Repository.Init(work);
            Generate(work, names);
            var first = Commit(work, origin, "Deploy 20 services");
            Console.WriteLine($"{clusters} clusters x {Services} services at {sim.BaseUrl} ({latency} ms latency, a process of its own); first commit {first[..12]}");

            var reports = new ConcurrentDictionary<string, ConcurrentBag<ClusterDeployed>>(StringComparer.Ordinal);
            var rendered = new RenderTimes();
            var completions = new ConcurrentDictionary<string, DeploymentCompleted>(StringComparer.Ordinal);
            var request = new UpRequest(origin, kubeconfigs, "main", 0, null, $"Data Source={Path.Combine(root, "tracker.db")}", 0, ReconcileSeconds: 0);
            Environment.SetEnvironmentVariable("Kit__Deployer__PollMilliseconds", "100");
            Environment.SetEnvironmentVariable("Kit__Deployer__ReconcileStartDelaySeconds", "3600");
            Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", Environment.GetEnvironmentVariable("KIT_BENCH_LOG") ?? "Warning");
            await using var app = UpCommand.Build(request, x => x.AddConsumer<CompletionCollector>(), b => b.Services.AddSingleton(completions));
            await app.StartAsync();
            var bus = app.Services.GetRequiredService<IBus>();
            // Reports and rendered sets are seen as kit publishes them: a consumer of the bench's own would deserialize
            // 1,000 of each inside the measured window, on the cores kit runs on.
            using var watch = bus.ConnectPublishObserver(new PublishWatch(reports, rendered));
            var settings = new RepositorySettings { Url = origin, Branch = "main" };

            var deploy = Stopwatch.StartNew();
            await bus.Publish(Announcement(settings, origin, first));
            var firstDone = await WaitAsync(reports, first, clusters, TimeSpan.FromMinutes(5));
            Console.WriteLine($"first commit: {Count(reports, first)} of {clusters} clusters reported in {deploy.Elapsed.TotalSeconds:0.0} s");
            // The first deployment is done when the tracker completes it: its reports are recorded before the change comes.
            for (var wait = Stopwatch.StartNew(); !completions.ContainsKey(first) && wait.Elapsed < TimeSpan.FromMinutes(5);)
            {
                await Task.Delay(50);
            }

            Console.WriteLine($"first deployment completed by the tracker after {deploy.Elapsed.TotalSeconds:0.0} s");

            File.WriteAllText(Path.Combine(work, "images", "team", $"svc-{Changed:00}", "master.yaml"), $"image: '{Image(Changed, 2)}'\n");
            var second = Commit(work, origin, $"Update svc-{Changed:00} to build 2");
            var connections = app.Services.GetRequiredService<ClusterConnections>();
            var kubeconfigDirectory = app.Services.GetRequiredService<KubeconfigDirectory>();
            var live = new Dictionary<string, ClusterConnection>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                live[name] = connections.Get((await kubeconfigDirectory.FindAsync(name, CancellationToken.None))!);
            }

            var versionsBefore = await VersionsAsync(live);
            var requestsBefore = ClusterConnection.TotalRequests;
            var appliesBefore = ClusterConnection.TotalApplies;

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var simCpu = sim.ProcessorTime;
            var clock = Stopwatch.StartNew();
            rendered.Start(clock);
            await bus.Publish(Announcement(settings, origin, second));
            var secondDone = await WaitAsync(reports, second, clusters, TimeSpan.FromMinutes(2));
            var converged = clock.Elapsed;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var simCpuSeconds = (sim.ProcessorTime - simCpu).TotalSeconds;
            var requests = ClusterConnection.TotalRequests - requestsBefore;
            var applies = ClusterConnection.TotalApplies - appliesBefore;
            var appliesPerCluster = (double)applies / clusters;
            var outcomes = (reports.GetValueOrDefault(second) ?? []).GroupBy(r => r.SkipReason is null ? r.Outcome.ToString() : $"{r.Outcome}({r.SkipReason})").Select(g => $"{g.Key}={g.Count()}");
            // Read back from every cluster: the changed service runs the new image, and nothing else was written.
            var versionsAfter = await VersionsAsync(live);
            var changed = $"svc-{Changed:00}";
            var updated = versionsAfter.Count(v => v.Value.Images.GetValueOrDefault(changed) == Image(Changed, 2));
            var untouched = versionsAfter.Count(v => v.Value.Versions.Where(o => o.Key != changed).All(o => versionsBefore[v.Key].Versions.GetValueOrDefault(o.Key) == o.Value));
            Console.WriteLine($"second commit {second[..12]}: {Count(reports, second)} of {clusters} reported in {converged.TotalSeconds:0.00} s ({string.Join(", ", outcomes)}); {applies} applies ({appliesPerCluster:0.00} per cluster), {requests} requests in all; {updated} clusters run the new image, {untouched} with the other services untouched; rendered from {rendered.First:0.00} s to {rendered.Last:0.00} s ({rendered.Count} sets)");
            await app.StopAsync();

            var succeeded = (reports.GetValueOrDefault(second) ?? []).Count(r => r.Outcome == DeploymentOutcome.Succeeded);
            var ok = firstDone && secondDone && succeeded == clusters && updated == clusters && untouched == clusters && appliesPerCluster <= 1 && converged.TotalSeconds <= 3;
            return new BenchResult(ok, total.Elapsed, new Dictionary<string, object>
            {
                ["applies_per_cluster"] = Math.Round(appliesPerCluster, 2),
                ["converged_s"] = Math.Round(converged.TotalSeconds, 2),
                ["cpu_s"] = Math.Round(cpuSeconds, 2),
                ["sim_cpu_s"] = Math.Round(simCpuSeconds, 2),
                ["clusters"] = clusters,
                ["first_deploy_s"] = Math.Round(deploy.Elapsed.TotalSeconds, 1),
                ["requests_per_cluster"] = Math.Round((double)requests / clusters, 1),
            });
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Each cluster's Deployments: resource version and image by name, read with one list per cluster.</summary>
    static async Task<Dictionary<string, (Dictionary<string, string> Versions, Dictionary<string, string> Images)>> VersionsAsync(Dictionary<string, ClusterConnection> clusters)
    {
        var result = new ConcurrentDictionary<string, (Dictionary<string, string>, Dictionary<string, string>)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(clusters, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (cluster, token) =>
        {
            var list = (await cluster.Value.GetAsync("apis/apps/v1/namespaces/default/deployments", token)).Ensure("listing deployments");
            var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            result[cluster.Key] = (
                items.ToDictionary(i => i["metadata"]!["name"]!.GetValue<string>(), i => i["metadata"]!["resourceVersion"]!.GetValue<string>(), StringComparer.Ordinal),
                items.ToDictionary(i => i["metadata"]!["name"]!.GetValue<string>(), i => i["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>() ?? "", StringComparer.Ordinal));
        });
        return new Dictionary<string, (Dictionary<string, string>, Dictionary<string, string>)>(result, StringComparer.Ordinal);
    }

    static ManifestsCommitted Announcement(RepositorySettings settings, string origin, string sha)
    {
        using var repo = new Repository(origin);
        var commit = repo.Lookup<LibGit2Sharp.Commit>(sha);
        return CommitAnnouncement.For(settings, DeterministicGuid.ForCommit(settings.DisplayUrl, sha), sha, CommitCause.Push, commit.Committer.When, CommitChanges.Paths(repo, commit));
    }

    static int Count(ConcurrentDictionary<string, ConcurrentBag<ClusterDeployed>> reports, string sha) =>
        (reports.GetValueOrDefault(sha) ?? []).Select(r => r.Cluster).Distinct().Count();

    static async Task<bool> WaitAsync(ConcurrentDictionary<string, ConcurrentBag<ClusterDeployed>> reports, string sha, int clusters, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (Count(reports, sha) < clusters)
        {
            if (deadline.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    static string Image(int service, int build) => $"registry.example.com/team/svc-{service:00}:build-{build}";

    static string Commit(string work, string origin, string message)
    {
        using var repo = new Repository(work);
        Commands.Stage(repo, "*");
        var who = new Signature("bench", "bench@example.com", DateTimeOffset.UtcNow);
        var commit = repo.Commit(message, who, who);
        repo.Network.Push(repo.Network.Remotes["origin"] ?? repo.Network.Remotes.Add("origin", origin), "HEAD:refs/heads/main");
        return commit.Sha;
    }

    /// <summary>A kit repository: 20 services in base-cluster.yaml, an image file each, one folder per cluster.</summary>
    static void Generate(string repo, IReadOnlyList<string> clusters)
    {
        void Write(string path, string text)
        {
            var full = Path.Combine(repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Write("kit.yaml", "version: '2'\nbase:\n  path: .\nimages:\n  path: images\n  property: image\ntype:\n  path: type\ncluster:\n  path: clusters\nresources:\n  path: resources\noutput:\n  path: generated\n");
        Write("type/develop-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: develop\n");
        var baseCluster = new StringBuilder("kind: ClusterNamespace\nmetadata:\n  name: base\n  branch: master\nresources:\n");
        for (var r = 0; r < Services; r++)
        {
            var name = $"svc-{r:00}";
            baseCluster.Append(CultureInfo.InvariantCulture, $"  {name}:\n    kind: deployment\n    file: ./{name}/{name}-deployment.mustache\n    containers:\n      {name}-con:\n        image_tag: team/{name}\n        name: {name}\n");
            Write($"resources/{name}/{name}-deployment.mustache", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: NAME
                  labels:
                    app: NAME
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: NAME
                  template:
                    metadata:
                      labels:
                        app: NAME
                    spec:
                      containers:
                        - name: app
                          image: {{{NAME-con.image}}}

                """.Replace("NAME", name, StringComparison.Ordinal));
            Write($"images/team/{name}/master.yaml", $"image: '{Image(r, 1)}'\n");
        }

        Write("base-cluster.yaml", baseCluster.ToString());
        foreach (var cluster in clusters)
        {
            Write($"clusters/{cluster}/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: {cluster}\n  branch: master\n  type: develop\n");
        }
    }

    /// <summary>When the sets of the measured commit were rendered, seconds after its announcement.</summary>
    sealed class RenderTimes
    {
        Stopwatch? clock;
        double first = double.NaN;
        double last;
        int count;

        public double First => first;

        public double Last => last;

        public int Count => count;

        public void Start(Stopwatch started) => clock = started;

        public void Record()
        {
            if (clock is null)
            {
                return;
            }

            var now = clock.Elapsed.TotalSeconds;
            lock (this)
            {
                first = double.IsNaN(first) ? now : first;
                last = Math.Max(last, now);
                count++;
            }
        }
    }

    sealed class CompletionCollector(ConcurrentDictionary<string, DeploymentCompleted> completions) : IConsumer<DeploymentCompleted>
    {
        public Task Consume(ConsumeContext<DeploymentCompleted> context)
        {
            completions[context.Message.CommitSha] = context.Message;
            return Task.CompletedTask;
        }
    }

    /// <summary>Keeps every ClusterDeployed by commit, and when each ManifestsRendered was published.</summary>
    sealed class PublishWatch(ConcurrentDictionary<string, ConcurrentBag<ClusterDeployed>> reports, RenderTimes rendered) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class
        {
            switch (context.Message)
            {
                case ClusterDeployed report:
                    reports.GetOrAdd(report.CommitSha, _ => []).Add(report);
                    break;
                case ManifestsRendered:
                    rendered.Record();
                    break;
            }

            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
