using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Deploying;
using Kit.Deploying.Reconciling;
using Kit.Git;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Kit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Bench;

/// <summary>
/// <c>reconcile</c>: 1,000 simulated clusters (5 ms API latency; the simulator is a process of its own, so the peak memory is kit's) are deployed with 20 objects each (10 services,
/// a Deployment and a Service each); then a reconcile pass with no drift; then another field manager changes a
/// Deployment's replicas and image in 100 clusters; the next pass must find those 100 and heal them, and a last
/// pass must find none. Figures are the no-drift pass: its seconds and API requests per cluster.
/// Options: --clusters N --drifted N --latency-ms N --concurrency N.
/// </summary>
static class ReconcileScenario
{
    const int Services = 10;

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var clusters = BenchOptions.Int(args, "--clusters", 1000);
        var drifted = Math.Min(clusters, BenchOptions.Int(args, "--drifted", 100));
        var latency = BenchOptions.Int(args, "--latency-ms", 5);
        var concurrency = BenchOptions.Int(args, "--concurrency", 64);
        var total = Stopwatch.StartNew();
        var directory = Path.Combine(Path.GetTempPath(), $"kit-reconcile-{Guid.NewGuid():N}"[..26]);
        try
        {
            await using var sim = await SimulatorProcess.StartAsync(clusters, directory, latency);
            Console.WriteLine($"{clusters} simulated clusters at {sim.BaseUrl} (a process of its own), {latency} ms latency; {Services * 2} objects each; concurrency {concurrency}");
            var settings = new DeployerSettings { Kubeconfigs = directory, Concurrency = concurrency, PollMilliseconds = 100, RequestTimeoutSeconds = 60, SelfHeal = true };
            var services = new ServiceCollection();
            services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton(Options.Create(settings));
            services.AddClusterDeployer();
            services.AddSingleton<ReconcilePass>();
            await using var provider = services.BuildServiceProvider();
            var deployer = provider.GetRequiredService<ClusterDeployer>();
            var pass = provider.GetRequiredService<ReconcilePass>();
            var kubeconfigs = provider.GetRequiredService<KubeconfigDirectory>();
            var connections = provider.GetRequiredService<ClusterConnections>();
            var names = (await kubeconfigs.AllAsync(CancellationToken.None)).Select(e => e.Cluster).Order(StringComparer.Ordinal).ToList();

            var desired = names.Select(Message).ToList();
            var deploy = Stopwatch.StartNew();
            var failed = 0;
            await Parallel.ForEachAsync(desired, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (message, token) =>
            {
                var result = await deployer.DeployAsync(message, null, token);
                if (result.Outcome != DeploymentOutcome.Succeeded)
                {
                    Interlocked.Increment(ref failed);
                    Console.WriteLine($"  {message.Cluster}: {result.Outcome}: {result.Error}");
                }
            });
            Console.WriteLine($"deployed {clusters - failed} of {clusters} clusters in {deploy.Elapsed.TotalSeconds:0.0} s; peak so far {BenchResult.PeakMegabytes():0} MiB, heap {GC.GetTotalMemory(false) / 1048576} MiB");

            var drifts = new List<DriftDetected>();
            Task Collect(DriftDetected drift, CancellationToken _)
            {
                lock (drifts)
                {
                    drifts.Add(drift);
                }

                return Task.CompletedTask;
            }

            var requestsBefore = ClusterConnection.TotalRequests;
            var clean = await pass.RunAsync(desired, concurrency, Collect, (_, _) => Task.CompletedTask, CancellationToken.None);
            var requestsPerCluster = (double)(ClusterConnection.TotalRequests - requestsBefore) / clusters;
            var falseDrift = drifts.Count;
            Console.WriteLine($"pass 1 (no drift): {clean.Elapsed.TotalSeconds:0.00} s, {requestsPerCluster:0.00} requests per cluster, {clean.Drifted} drifted, {clean.Failed} failed");

            // Another field manager takes the first service's replicas and image in some clusters.
            var victims = new List<ClusterConnection>();
            foreach (var name in names.Take(drifted))
            {
                var cluster = connections.Get((await kubeconfigs.FindAsync(name, CancellationToken.None))!);
                victims.Add(cluster);
                (await cluster.SendAsync(HttpMethod.Patch, $"{SvcZero}?fieldManager=intruder&force=true", Intrusion(), "application/apply-patch+yaml", CancellationToken.None)).Ensure("drifting svc-0");
            }

            drifts.Clear();
            var healing = await pass.RunAsync(desired, concurrency, Collect, (_, _) => Task.CompletedTask, CancellationToken.None);
            var found = drifts.Select(d => d.Cluster).Distinct().Count();
            var healedReported = drifts.Count(d => d.Healed);
            Console.WriteLine($"pass 2 (drift in {drifted}): {healing.Elapsed.TotalSeconds:0.00} s, {found} clusters drifted, {healedReported} healed");
            if (drifts.FirstOrDefault() is { } sample)
            {
                Console.WriteLine($"  e.g. {sample.Cluster}: {string.Join("; ", sample.Objects.Select(o => $"{o.Kind} {o.Namespace}/{o.Name} [{string.Join(", ", o.Managers)}] {string.Join(", ", o.Fields)}"))}");
            }

            var corrected = 0;
            foreach (var cluster in victims)
            {
                corrected += Corrected((await cluster.GetAsync(SvcZero, CancellationToken.None)).Ensure("reading svc-0")) ? 1 : 0;
            }

            drifts.Clear();
            var after = await pass.RunAsync(desired, concurrency, Collect, (_, _) => Task.CompletedTask, CancellationToken.None);
            Console.WriteLine($"pass 3: {after.Elapsed.TotalSeconds:0.00} s, {after.Drifted} drifted; {corrected} of {drifted} clusters back at the desired state");

            var peak = BenchResult.PeakMegabytes();
            var ok = failed == 0 && falseDrift == 0 && found == drifted && healedReported == drifted && corrected == drifted && after.Drifted == 0
                && clean.Failed == 0 && healing.Failed == 0 && clean.Elapsed.TotalSeconds <= 10 && requestsPerCluster <= 4 && peak <= 500;
            return new BenchResult(ok, total.Elapsed, new Dictionary<string, object>
            {
                ["pass_s"] = Math.Round(clean.Elapsed.TotalSeconds, 2),
                ["requests_per_cluster"] = Math.Round(requestsPerCluster, 2),
                ["drifted"] = found,
                ["corrected"] = corrected,
                ["heal_pass_s"] = Math.Round(healing.Elapsed.TotalSeconds, 2),
                ["clusters"] = clusters,
            });
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    const string SvcZero = "apis/apps/v1/namespaces/default/deployments/svc-0";

    static JsonNode Intrusion() => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "svc-0", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 7,
            ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/svc-0:intruder" }) } },
        },
    };

    /// <summary>svc-0 has kit's replicas and image again.</summary>
    static bool Corrected(JsonNode live)
    {
        return live["spec"]?["replicas"]?.GetValue<int>() == 2
            && live["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>() == "registry.example.com/svc-0:1";
    }

    static readonly RepositorySettings Repository = new() { Url = "bench", Branch = "refs/heads/main" };

    static ManifestsRendered Message(string cluster)
    {
#pragma warning disable CA5350 // a stand-in git commit id, which is a SHA-1 by definition
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("reconcile-commit")));
#pragma warning restore CA5350
        var committed = CommitAnnouncement.For(Repository, Guid.NewGuid(), sha, CommitCause.Manual, DateTimeOffset.UtcNow);
        var documents = Enumerable.Range(0, Services).SelectMany(i => new[]
        {
            $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: svc-{i}, labels: {{app: svc-{i}}}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: svc-{i}}}}}\n  template:\n    metadata: {{labels: {{app: svc-{i}}}}}\n    spec:\n      containers: [{{name: app, image: \"registry.example.com/svc-{i}:1\", env: [{{name: CLUSTER, value: {cluster}}}]}}]",
            $"apiVersion: v1\nkind: Service\nmetadata: {{name: svc-{i}}}\nspec: {{selector: {{app: svc-{i}}}, ports: [{{port: 80, targetPort: 8080}}]}}",
        });
        var set = new ClusterManifests(cluster, null, false, [new RenderedFile("all.yaml", string.Join("\n---\n", documents))], [], []);
        return DeploymentEvents.Deployable(committed, 1, set)!;
    }
}
