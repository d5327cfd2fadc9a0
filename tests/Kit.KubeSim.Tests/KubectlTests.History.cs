using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>The real kubectl reads and rolls back Deployment history as the simulator's controller keeps it.</summary>
public sealed partial class KubectlTests
{
    static string Versioned(string image, string cause, int? historyLimit = null) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations: {kubernetes.io/change-cause: "{{{cause}}}"}
        spec:
          replicas: 2
          {{{(historyLimit is null ? "" : $"revisionHistoryLimit: {historyLimit}")}}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: app, image: "{{{image}}}"}
        """;

    async Task RollOutAsync(SimulatorFixture f, params string[] manifests)
    {
        for (var i = 0; i < manifests.Length; i++)
        {
            var applied = await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write($"v{i + 1}.yaml", manifests[i]));
            var status = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
            Assert.True(applied.ExitCode == 0 && status.ExitCode == 0, applied.All + status.All);
        }
    }

    static string Image(SimulatorFixture f) =>
        (string)f.C1.Get("deployments", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    static Dictionary<string, string> Revisions(SimulatorFixture f) =>
        f.C1.List("replicasets", "default").ToDictionary(
            rs => (string)rs["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!,
            rs => (string)rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!);

    [Fact]
    public async Task Rollout_history_lists_each_revision_with_its_change_cause_and_shows_one()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await RollOutAsync(f, Versioned("nginx:1.25", "first"), Versioned("nginx:1.26", "second"));

        var history = await f.Kubectl.RunAsync("rollout", "history", "deployment/web");
        var second = await f.Kubectl.RunAsync("rollout", "history", "deployment/web", "--revision=2");

        Assert.True(history.ExitCode == 0, history.All);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s*\n1\s+first\s*\n2\s+second", history.Output);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("revision #2", second.Output);
        Assert.Contains("nginx:1.26", second.Output);
        Assert.Equal("2", (string?)f.C1.Get("deployments", "default", "web")!["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        var old = f.C1.List("replicasets", "default").Single(rs => (string?)rs["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] == "1");
        Assert.Equal(0, (long)old["spec"]!["replicas"]!);
        Assert.Equal("first", (string?)old["metadata"]!["annotations"]!["kubernetes.io/change-cause"]);
        Assert.Equal((string?)old["metadata"]!["labels"]!["pod-template-hash"], (string?)old["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]);
    }

    [Fact]
    public async Task Rollout_undo_restores_the_previous_template_and_reuses_its_replica_set_as_a_new_revision()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await RollOutAsync(f, Versioned("nginx:1.25", "first"), Versioned("nginx:1.26", "second"));

        var undo = await f.Kubectl.RunAsync("rollout", "undo", "deployment/web");
        var status = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");
        var history = await f.Kubectl.RunAsync("rollout", "history", "deployment/web");

        Assert.True(undo.ExitCode == 0, undo.All);
        Assert.Contains("deployment.apps/web rolled back", undo.Output);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Equal("nginx:1.25", Image(f));
        Assert.Equal(new Dictionary<string, string> { ["2"] = "nginx:1.26", ["3"] = "nginx:1.25" }, Revisions(f));
        var reused = f.C1.List("replicasets", "default").Single(rs => (long)rs["spec"]!["replicas"]! == 2);
        Assert.Equal("1", (string?)reused["metadata"]!["annotations"]!["deployment.kubernetes.io/revision-history"]);
        Assert.Matches(@"\n2\s+second\s*\n3\s+first", history.Output);
    }

    [Fact]
    public async Task Rollout_undo_to_a_revision_restores_that_one()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await RollOutAsync(f, Versioned("nginx:1.25", "first"), Versioned("nginx:1.26", "second"), Versioned("nginx:1.27", "third"));

        var undo = await f.Kubectl.RunAsync("rollout", "undo", "deployment/web", "--to-revision=1");
        var status = await f.Kubectl.RunAsync("rollout", "status", "deployment/web", "--timeout=30s");

        Assert.True(undo.ExitCode == 0, undo.All);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Equal("nginx:1.25", Image(f));
        Assert.Equal("4", (string?)f.C1.Get("deployments", "default", "web")!["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.Equal(new Dictionary<string, string> { ["2"] = "nginx:1.26", ["3"] = "nginx:1.27", ["4"] = "nginx:1.25" }, Revisions(f));
    }

    [Fact]
    public async Task Revision_history_limit_deletes_the_oldest_idle_replica_sets()
    {
        await using var f = await SimulatorFixture.StartAsync();
        await RollOutAsync(f, Versioned("nginx:1.25", "first", 1), Versioned("nginx:1.26", "second", 1), Versioned("nginx:1.27", "third", 1));

        var history = await f.Kubectl.RunAsync("rollout", "history", "deployment/web");

        Assert.Equal(new Dictionary<string, string> { ["2"] = "nginx:1.26", ["3"] = "nginx:1.27" }, Revisions(f));
        Assert.DoesNotMatch(@"\n1\s+first", history.Output);
        Assert.Equal(10, (long)f.C1.Apply(Manifests.Deployment("other", "nginx:1"))["spec"]!["revisionHistoryLimit"]!);
    }

    [Fact]
    public async Task Stateful_set_and_daemon_set_history_comes_from_controller_revisions_and_undo_restores_it()
    {
        await using var f = await SimulatorFixture.StartAsync();
        static string Sets(string image) => $$$"""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: "{{{image}}}"}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: a, image: "{{{image}}}"}]}
            """;
        foreach (var (file, image) in new[] { ("s1.yaml", "v:1"), ("s2.yaml", "v:2") })
        {
            Assert.Equal(0, (await f.Kubectl.RunAsync("apply", "--server-side", "-f", f.Write(file, Sets(image)))).ExitCode);
            Assert.Equal(0, (await f.Kubectl.RunAsync("rollout", "status", "statefulset/db", "--timeout=30s")).ExitCode);
        }

        var sts = await f.Kubectl.RunAsync("rollout", "history", "statefulset/db");
        var ds = await f.Kubectl.RunAsync("rollout", "history", "daemonset/agent");
        var undo = await f.Kubectl.RunAsync("rollout", "undo", "statefulset/db");
        var status = await f.Kubectl.RunAsync("rollout", "status", "statefulset/db", "--timeout=30s");
        var after = await f.Kubectl.RunAsync("rollout", "history", "statefulset/db");

        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s*\n1\s+<none>\s*\n2\s+<none>", sts.Output);
        Assert.Matches(@"\n1\s+<none>\s*\n2\s+<none>", ds.Output);
        Assert.True(undo.ExitCode == 0, undo.All);
        Assert.Contains("statefulset.apps/db rolled back", undo.Output);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Equal("v:1", (string?)f.C1.Get("statefulsets", "default", "db")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Matches(@"\n2\s+<none>\s*\n3\s+<none>", after.Output);
        Assert.Equal("v:1", (string?)f.C1.Get("pods", "default", "db-0")!["spec"]!["containers"]![0]!["image"]);
    }
}
