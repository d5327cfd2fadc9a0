using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kit.Contracts;
using Kit.Deploying;
using Kit.Deploying.Inventory;
using Kit.Git;
using Kit.Kubernetes;
using Kit.Kubernetes.Api;
using Kit.KubeSim;
using Kit.Rendering;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Bench;

/// <summary>
/// deploy-fanout: one deployer instance (its real consumer, on the in-memory bus) deploys 20 objects to
/// each of 1,000 simulated clusters (5 ms API latency, immediate rollout). Prints the time from the
/// first ManifestsRendered to the last ClusterDeployed; ok when every cluster ended at the newest commit.
/// Options: --clusters N --objects N --latency-ms N --concurrency N --commits N.
/// </summary>
static class DeployFanoutScenario
{
    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var clusters = BenchOptions.Int(args, "--clusters", 1000);
        var objects = BenchOptions.Int(args, "--objects", 20);
        var latency = BenchOptions.Int(args, "--latency-ms", 5);
        var concurrency = BenchOptions.Int(args, "--concurrency", 128);
        var commits = BenchOptions.Int(args, "--commits", 1);
        var total = Stopwatch.StartNew();
        var directory = Path.Combine(Path.GetTempPath(), $"kit-fanout-{Guid.NewGuid():N}"[..24]);
        try
        {
            await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Clusters = clusters, KubeconfigDirectory = directory, LatencyMs = latency, RolloutSeconds = 0 });
            Console.WriteLine($"{clusters} simulated clusters at {sim.BaseUrl}, {latency} ms latency; deploying {objects} objects each, {commits} commit(s), concurrency {concurrency}");

            var settings = new DeployerSettings { Kubeconfigs = directory, Concurrency = concurrency, PollMilliseconds = 100, RequestTimeoutSeconds = 60 };
            var completed = new ConcurrentBag<ClusterDeployed>();
            var expected = clusters * commits;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var services = new ServiceCollection();
            services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton(Options.Create(settings));
            services.AddClusterDeployer();
            services.AddSingleton(new FanoutProgress(completed, expected, done));
            services.AddMassTransit(x =>
            {
                x.AddDeployingConsumers();
                x.AddConsumer<FanoutCollector>();
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
            await using var provider = services.BuildServiceProvider();
            var bus = provider.GetRequiredService<IBusControl>();
            await bus.StartAsync();

            var messages = Enumerable.Range(1, commits).SelectMany(c => sim.ClusterNames.Select(n => Message(n, c, objects))).ToList();
            var clock = Stopwatch.StartNew();
            var requestsBefore = ClusterConnection.TotalRequests;
            foreach (var message in messages)
            {
                await bus.Publish(message);
            }

            var finished = await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5))) == done.Task;
            var elapsed = clock.Elapsed;
            var requests = ClusterConnection.TotalRequests - requestsBefore;
            await bus.StopAsync();

            var newest = Message("x", commits, objects).CommitSha;
            var behind = sim.Clusters.Count(c => !AtCommit(c, newest, objects));
            var outcomes = completed.GroupBy(r => r.SkipReason is null ? r.Outcome.ToString() : $"{r.Outcome}({r.SkipReason})").OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
            foreach (var failure in completed.Where(r => r.Outcome is not (DeploymentOutcome.Succeeded or DeploymentOutcome.Skipped)).Take(5))
            {
                Console.WriteLine($"  {failure.Cluster}: {failure.Outcome}: {failure.Error}");
            }

            if (!completed.IsEmpty)
            {
                Console.WriteLine($"per cluster: {completed.Average(r => r.Duration.TotalMilliseconds):0} ms on average, {completed.Max(r => r.Duration.TotalMilliseconds):0} ms at most");
            }

            Console.WriteLine($"{completed.Count} of {expected} ClusterDeployed in {elapsed.TotalSeconds:0.00}s ({string.Join(", ", outcomes)}); {requests} API requests; {behind} clusters not at the newest commit");
            var ok = finished && behind == 0 && completed.Count == expected;
            return new BenchResult(ok, total.Elapsed, new Dictionary<string, object>
            {
                ["fanout_seconds"] = Math.Round(elapsed.TotalSeconds, 2),
                ["clusters"] = clusters,
                ["objects_per_cluster"] = objects,
                ["requests_per_sec"] = Math.Round(requests / elapsed.TotalSeconds, 0),
                ["requests"] = requests,
                ["behind"] = behind,
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

    static readonly RepositorySettings Repository = new() { Url = "bench", Branch = "refs/heads/main" };

    /// <summary>The cluster's inventory records the commit as succeeded, and its objects carry it.</summary>
    static bool AtCommit(KubeSimCluster cluster, string commit, int objects)
    {
        var inventory = cluster.Get("ConfigMap", "default", InventoryStore.Name);
        if (inventory is null)
        {
            return false;
        }

        var record = InventoryStore.FromConfigMap(inventory);
        var web = cluster.Get("Deployment", "default", "app-0");
        return record.Commit == commit && record.Status == InventoryStore.Succeeded && record.Objects.Count == objects
            && web?["metadata"]?["labels"]?[Marks.Commit]?.GetValue<string>() == commit;
    }

    static ManifestsRendered Message(string cluster, int commit, int objects)
    {
        // Built as the deploymentizer builds them: a commit announced, then one cluster's rendered set.
#pragma warning disable CA5350 // a stand-in git commit id, which is a SHA-1 by definition
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"commit-{commit}")));
#pragma warning restore CA5350
        var committed = CommitAnnouncement.For(Repository, Guid.NewGuid(), sha, CommitCause.Manual, DateTimeOffset.UtcNow);
        var set = new ClusterManifests(cluster, null, false, [new RenderedFile("all.yaml", Manifests(cluster, commit, objects))], [], []);
        return DeploymentEvents.Deployable(committed, commit, set)!;
    }

    /// <summary>A realistic mix: 2 Deployments with their Services, RBAC, Secrets and ConfigMaps.</summary>
    static string Manifests(string cluster, int commit, int count)
    {
        var documents = new List<string>
        {
            "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: app}\nrules: [{apiGroups: [\"\"], resources: [configmaps], verbs: [get, list]}]",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: app}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app}\nsubjects: [{kind: ServiceAccount, name: app}]",
        };
        for (var i = 0; i < 2; i++)
        {
            documents.Add($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: app-{i}, labels: {{app: app-{i}}}}}\nspec:\n  replicas: 2\n  selector: {{matchLabels: {{app: app-{i}}}}}\n  template:\n    metadata: {{labels: {{app: app-{i}}}}}\n    spec:\n      serviceAccountName: app\n      containers: [{{name: app, image: \"registry.example.com/app-{i}:{commit}\", env: [{{name: CLUSTER, value: {cluster}}}]}}]");
            documents.Add($"apiVersion: v1\nkind: Service\nmetadata: {{name: app-{i}}}\nspec: {{selector: {{app: app-{i}}}, ports: [{{port: 80, targetPort: 8080}}]}}");
        }

        for (var i = 0; i < 3; i++)
        {
            documents.Add($"apiVersion: v1\nkind: Secret\nmetadata: {{name: secret-{i}}}\nstringData: {{password: \"p{commit}-{i}\"}}");
        }

        for (var i = 0; documents.Count < count; i++)
        {
            documents.Add($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: config-{i}}}\ndata: {{cluster: {cluster}, commit: \"{commit}\", value: \"{i}\"}}");
        }

        return string.Join("\n---\n", documents.Take(count));
    }

    /// <summary>Counts ClusterDeployed until every expected one has arrived.</summary>
    sealed record FanoutProgress(ConcurrentBag<ClusterDeployed> Completed, int Expected, TaskCompletionSource Done);

    sealed class FanoutCollector(FanoutProgress progress) : IConsumer<ClusterDeployed>
    {
        public Task Consume(ConsumeContext<ClusterDeployed> context)
        {
            progress.Completed.Add(context.Message);
            if (progress.Completed.Count >= progress.Expected)
            {
                progress.Done.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}
