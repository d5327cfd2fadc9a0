using System.Diagnostics;
using Kit.Contracts;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying.Rollout;

/// <summary>
/// Waits until workloads have rolled out, polling their status; fails early, after the grace period,
/// when a pod keeps showing a failing reason (ImagePullBackOff, CrashLoopBackOff…).
/// </summary>
public sealed class RolloutWatcher(ClusterConnection cluster, DeployerSettings settings)
{
    readonly long started = Stopwatch.GetTimestamp();
    readonly Dictionary<string, int> failing = new(StringComparer.Ordinal);
    readonly HashSet<string> done = new(StringComparer.Ordinal);

    public async Task WaitAsync(IEnumerable<AppliedObject> objects, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = objects.Where(o => ApplyOrder.Workloads.Contains(o.Kind) && !done.Contains(o.Path)).ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var waiting = new Dictionary<string, string>();
        for (var round = 0; pending.Count > 0; round++)
        {
            if (round > 0)
            {
                await Task.Delay(settings.PollMilliseconds, cancellationToken);
            }

            foreach (var workload in pending.ToList())
            {
                var live = (await cluster.GetAsync(workload.Path, cancellationToken)).Ensure($"reading {workload.Display}");
                var status = RolloutEvaluator.Evaluate(live);
                if (status.Done)
                {
                    done.Add(workload.Path);
                    pending.Remove(workload);
                    continue;
                }

                if (status.Failure is not null)
                {
                    throw new DeployException($"{workload.Display}: {status.Failure}");
                }

                waiting[workload.Display] = status.Waiting;

                // Pods cannot fail the rollout within the grace period, so they are not even listed then.
                if (Stopwatch.GetElapsedTime(started).TotalSeconds >= settings.FailingPodGraceSeconds)
                {
                    await CheckPodsAsync(workload, live, cancellationToken);
                }
            }

            if (pending.Count == 0)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                var first = pending[0];
                throw new DeployException(
                    $"{first.Display} did not roll out within {timeout.TotalSeconds:0} s: {waiting.GetValueOrDefault(first.Display)}",
                    DeploymentOutcome.TimedOut);
            }
        }
    }

    async Task CheckPodsAsync(AppliedObject workload, System.Text.Json.Nodes.JsonNode live, CancellationToken cancellationToken)
    {
        LabelSelector? selector;
        try
        {
            selector = LabelSelector.FromJson(live["spec"]?["selector"]);
        }
        catch (FormatException)
        {
            return;
        }

        if (selector is null)
        {
            return;
        }

        var path = $"api/v1/namespaces/{Uri.EscapeDataString(workload.Namespace ?? cluster.Namespace)}/pods?labelSelector={Uri.EscapeDataString(selector.ToString())}";
        var pods = (await cluster.GetAsync(path, cancellationToken)).Ensure($"listing pods of {workload.Display}");
        var failures = PodHealth.Failures(pods, settings.IgnoredFailureReasons);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var key = $"{workload.Path}|{failure.Pod}|{failure.Container}";
            seen.Add(key);
            var count = failing[key] = failing.GetValueOrDefault(key) + 1;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (elapsed >= settings.FailingPodGraceSeconds && count >= settings.FailingPodThreshold)
            {
                throw new DeployException($"{workload.Display}: {failure}");
            }
        }

        foreach (var key in failing.Keys.Where(k => k.StartsWith(workload.Path + "|", StringComparison.Ordinal) && !seen.Contains(k)).ToList())
        {
            failing.Remove(key);
        }
    }
}
