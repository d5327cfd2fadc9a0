using k8s;
using k8s.Autorest;
using k8s.Models;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>KubernetesClient, the deployer's client, against the simulator.</summary>
public sealed class ClientTests
{
    static Kubernetes Client(KubeSimCluster cluster) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.KubeconfigPath!));

    [Fact]
    public async Task Server_side_apply_through_kubeconfig_creates_and_reads_back()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var client = Client(f.C1);

        // KubernetesClient writes a string patch body as raw JSON, so an apply sends JSON (which is YAML too).
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"app":"x"}},"data":{"value":"1"}}""";
        var applied = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), "settings", "default", fieldManager: "kit", force: true);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");

        Assert.Equal("1", applied.Data["value"]);
        Assert.Equal(applied.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("kit", read.Metadata.ManagedFields.Single().Manager);
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var client = Client(f.C1);
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "lock" }, Data = new Dictionary<string, string> { ["owner"] = "a" } }, "default");
        created.Data["owner"] = "b";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "lock", "default");

        created.Data["owner"] = "c";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "lock", "default"));

        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("the object has been modified", conflict.Response.Content);
        Assert.Equal("b", (await client.CoreV1.ReadNamespacedConfigMapAsync("lock", "default")).Data["owner"]);
    }

    [Fact]
    public async Task Creating_an_existing_object_is_a_409_already_exists()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var client = Client(f.C1);
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "once" } };
        await client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_streams_the_later_changes()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var client = Client(f.C1);
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, timeoutSeconds: 10, cancellationToken: timeout.Token))
        {
            seen.Add($"{type} {item.Metadata.Name}");
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["Added b", "Deleted a"], seen);
    }

    [Fact]
    public async Task Failing_image_shows_image_pull_back_off_on_pods_and_a_stalled_deployment()
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 0, failImages: "^registry.local/bad", progressDeadline: 1);
        using var client = Client(f.C1);
        f.C1.Apply(Manifests.Deployment("web", "registry.local/bad:2", replicas: 1, container: "app"), "kit");

        var deployment = await Eventually.ValueAsync(() => client.AppsV1.ReadNamespacedDeploymentStatusAsync("web", "default"),
            d => d.Status?.Conditions?.Any(c => c.Reason == "ProgressDeadlineExceeded") == true, TimeSpan.FromSeconds(15));
        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web");

        Assert.Contains(deployment.Status!.Conditions, c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded");
        Assert.Equal(1, deployment.Status.ObservedGeneration);
        Assert.Null(deployment.Status.AvailableReplicas);
        var pod = pods.Items.Single();
        var waiting = pod.Status.ContainerStatuses.Single().State.Waiting;
        Assert.Equal("ImagePullBackOff", waiting.Reason);
        var events = await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={pod.Metadata.Name},reason=BackOff");
        Assert.Equal("Back-off pulling image \"registry.local/bad:2\"", events.Items.Single().Message);
    }

    [Fact]
    public async Task Stateful_sets_daemon_sets_and_jobs_finish_their_rollouts()
    {
        await using var f = await SimulatorFixture.StartAsync(rolloutSeconds: 0.2);
        using var client = Client(f.C1);
        var template = """
              selector: {matchLabels: {app: NAME}}
              template:
                metadata: {labels: {app: NAME}}
                spec: {containers: [{name: app, image: busybox:1}]}
            """;
        f.C1.Apply("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 2\n  serviceName: db\n" + template.Replace("NAME", "db"), "kit");
        f.C1.Apply("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n" + template.Replace("NAME", "agent"), "kit");
        f.C1.Apply("apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec: {restartPolicy: Never, containers: [{name: m, image: busybox:1}]}\n", "kit");

        var (sts, ds, job) = await Eventually.ValueAsync(
            async () => (await client.AppsV1.ReadNamespacedStatefulSetAsync("db", "default"),
                await client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default"),
                await client.BatchV1.ReadNamespacedJobAsync("migrate", "default")),
            r => r.Item1.Status?.ReadyReplicas == 2 && r.Item2.Status?.NumberReady == 1 && r.Item3.Status?.Succeeded == 1,
            TimeSpan.FromSeconds(15));

        Assert.Equal(2, sts.Status!.ReadyReplicas);
        Assert.Equal(sts.Status.UpdateRevision, sts.Status.CurrentRevision);
        Assert.Equal(1, ds.Status!.NumberAvailable);
        Assert.Contains(job.Status!.Conditions, c => c.Type == "Complete" && c.Status == "True");
        Assert.Equal(["db-0", "db-1"], f.C1.List("pods", "default").Select(p => (string)p["metadata"]!["name"]!).Where(n => n.StartsWith("db-", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task A_cluster_taken_down_fails_at_the_connection_and_comes_back()
    {
        await using var f = await SimulatorFixture.StartAsync(clusters: 2);
        using var c1 = Client(f.C1);
        using var c2 = Client(f.Sim.Cluster("c2"));

        f.C1.TakeDown();
        var failure = await Assert.ThrowsAnyAsync<HttpRequestException>(() => c1.CoreV1.ListNamespaceAsync());
        var other = await c2.CoreV1.ListNamespaceAsync();
        f.C1.BringUp();
        var back = await c1.CoreV1.ListNamespaceAsync();

        Assert.True(f.C1.IsDown is false);
        Assert.NotNull(failure);
        Assert.Contains(other.Items, n => n.Metadata.Name == "default");
        Assert.Contains(back.Items, n => n.Metadata.Name == "default");
    }

    [Fact]
    public async Task Clusters_can_join_and_leave_while_running()
    {
        await using var f = await SimulatorFixture.StartAsync();
        var joined = f.Sim.AddCluster("late");
        using var client = Client(joined);

        var namespaces = await client.CoreV1.ListNamespaceAsync();
        var removed = f.Sim.RemoveCluster("late");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        Assert.True(removed);
        Assert.False(File.Exists(joined.KubeconfigPath));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
        Assert.Equal(["c1"], f.Sim.ClusterNames);
    }

    [Fact]
    public async Task A_watch_with_a_label_selector_sees_objects_enter_and_leave_the_selection()
    {
        await using var f = await SimulatorFixture.StartAsync();
        using var client = Client(f.C1);
        var start = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"web"}}}""", V1Patch.PatchType.MergePatch), "a", "default");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"db"}}}""", V1Patch.PatchType.MergePatch), "a", "default");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "tier=web", resourceVersion: start.Metadata.ResourceVersion, timeoutSeconds: 10, cancellationToken: timeout.Token))
        {
            seen.Add($"{type} {item.Metadata.Name}");
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["Added a", "Deleted a"], seen);
    }
}
