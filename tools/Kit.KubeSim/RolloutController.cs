using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Kit.KubeSim;

/// <summary>
/// Moves Deployments, StatefulSets, DaemonSets and Jobs from progressing to available over
/// RolloutSeconds, with their ReplicaSets and Pods; images matching FailImages stay in ImagePullBackOff.
/// </summary>
sealed class RolloutController : IAsyncDisposable
{
    sealed record WorkItem(KubeSimCluster Cluster, ResourceType Type, string Namespace, string Name);

    sealed record Rollout(string Hash, DateTime Started, string? PreviousRevision);

    readonly KubeSimOptions options;
    readonly Regex? failImages;
    readonly Channel<WorkItem> queue = Channel.CreateUnbounded<WorkItem>();
    readonly ConcurrentDictionary<WorkItem, byte> pending = new();
    readonly ConcurrentDictionary<(KubeSimCluster, string), Rollout> rollouts = new();
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public RolloutController(KubeSimOptions options)
    {
        this.options = options;
        failImages = string.IsNullOrEmpty(options.FailImages) ? null : new Regex(options.FailImages, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        loop = Task.Run(RunAsync);
    }

    public void Attach(KubeSimCluster cluster) =>
        cluster.Store.Changed = (obj, eventType) =>
        {
            if (obj.Type == BuiltInResources.Deployment || obj.Type == BuiltInResources.StatefulSet || obj.Type == BuiltInResources.DaemonSet || obj.Type == BuiltInResources.Job)
            {
                Enqueue(new WorkItem(cluster, obj.Type, obj.Namespace ?? "", obj.Name));
            }
        };

    void Enqueue(WorkItem item)
    {
        if (pending.TryAdd(item, 0))
        {
            queue.Writer.TryWrite(item);
        }
    }

    void Schedule(WorkItem item, double seconds) =>
        _ = Task.Delay(TimeSpan.FromSeconds(Math.Max(seconds, 0.02)), stop.Token).ContinueWith(t =>
        {
            if (!t.IsCanceled)
            {
                Enqueue(item);
            }
        }, TaskScheduler.Default);

    async Task RunAsync()
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stop.Token))
            {
                pending.TryRemove(item, out _);
                try
                {
                    Reconcile(item);
                }
                catch (Exception e) when (e is ApiException or InvalidOperationException or ArgumentException or FormatException)
                {
                    // A malformed workload simply never progresses, as with a real controller.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    void Reconcile(WorkItem item)
    {
        var store = item.Cluster.Store;
        lock (store.Gate)
        {
            var stored = store.Get(item.Type, item.Namespace, item.Name);
            var key = (item.Cluster, $"{item.Type.StorageKey}/{item.Namespace}/{item.Name}");
            if (stored is null)
            {
                rollouts.TryRemove(key, out _);
                return;
            }

            var obj = stored.Parse();
            var template = obj["spec"]?["template"] as JsonObject ?? new JsonObject();
            // Hashed as decoded, as the real controller hashes the typed template: a template kubectl writes back on undo
            // (keys in struct order, `creationTimestamp: null`, `resources: {}`) finds its old ReplicaSet again.
            var hash = Names.Hash(Json.Canonical(template)?.ToJsonString() ?? "{}");
            var rollout = rollouts.GetValueOrDefault(key);
            if (rollout is null || rollout.Hash != hash)
            {
                rollout = new Rollout(hash, DateTime.UtcNow, rollout?.Hash);
                rollouts[key] = rollout;
            }

            var elapsed = (DateTime.UtcNow - rollout.Started).TotalSeconds;
            var failing = failImages is not null && Images(template).Any(failImages.IsMatch);
            var done = !failing && elapsed >= options.RolloutSeconds;
            var deadline = Math.Min(Json.Int(obj, "spec", "progressDeadlineSeconds") ?? 600, options.ProgressDeadlineSeconds);
            var workload = new Workload(store, obj, template, hash, failing, done) { FailImage = failImages is null ? null : failImages.IsMatch };
            switch (item.Type.Kind)
            {
                case "Deployment":
                    workload.Deployment(failing && elapsed >= deadline);
                    break;
                case "StatefulSet":
                    workload.StatefulSet(rollout.PreviousRevision);
                    break;
                case "DaemonSet":
                    workload.DaemonSet();
                    break;
                case "Job":
                    workload.Job();
                    break;
            }

            if (!done)
            {
                var next = failing ? deadline - elapsed : options.RolloutSeconds - elapsed;
                if (next > 0 || !failing)
                {
                    Schedule(item, next);
                }
            }
        }
    }

    static IEnumerable<string> Images(JsonObject template) =>
        (template["spec"]?["containers"] as JsonArray ?? []).Concat(template["spec"]?["initContainers"] as JsonArray ?? [])
            .Select(c => Json.Str(c, "image")).OfType<string>();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        queue.Writer.TryComplete();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
