using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Kubernetes;
using Kit.Kubernetes.Manifests;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class DeployerTests
{
    [Fact]
    public async Task The_same_message_delivered_again_after_its_report_was_lost_reports_success_and_writes_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var message = Fleet.Message("one", 1, Set(Deployment("web", "web:1"), ConfigMap("settings", "a")));
        var first = await deployer.DeployAsync(message, null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        fleet["one"].ClearRequestLog();

        var redelivered = await deployer.DeployAsync(message, null, CancellationToken.None);

        Assert.Equal((DeploymentOutcome.Succeeded, null), (redelivered.Outcome, redelivered.SkipReason));
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.IsWrite);
    }

    [Fact]
    public async Task Deploying_leaves_the_parsed_objects_that_clusters_share_as_they_were()
    {
        // Clusters whose sets come from one text share its parsed objects: marks, fast-rollback copies and kit's
        // namespaces are written on copies, never on them.
        await using var fleet = await Fleet.StartAsync(["one", "two"]);
        var deployer = fleet.NewDeployer();
        var set = Set(Deployment("web", "web:1"), Service("web"), ConfigMap("settings", "a", ns: "team"));
        const string team = "apiVersion: v1\nkind: Namespace\nmetadata: {name: team}";
        RenderedManifest[] namespaces = [new() { FileName = "team.yaml", Content = team }];
        string Parsed() => string.Join("\n", ManifestParser.Parse([.. Fleet.Message("one", 1, set).Manifests, .. namespaces]).Select(o => o.Body.ToJsonString()));
        var before = Parsed();

        foreach (var cluster in new[] { "one", "two" })
        {
            var result = await deployer.DeployAsync(Fleet.Message(cluster, 1, set, "fast-rollback", "d1") with { Namespaces = namespaces }, null, CancellationToken.None);
            Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
            Assert.Equal(Marks.Kit, (string?)fleet[cluster].Get("Deployment", "default", "web-d1")!["metadata"]!["labels"]![Marks.ManagedBy]);
        }

        Assert.Equal(before, Parsed());
        Assert.DoesNotContain(Marks.ManagedBy, before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_is_applied_marked_recorded_and_then_unchanged()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var set = Set(Deployment("web", "web:1"), Service("web"), ConfigMap("settings", "a"));

        var first = await deployer.DeployAsync(Fleet.Message("one", 1, set), null, CancellationToken.None);
        Assert.True(first.Outcome == DeploymentOutcome.Succeeded, first.Error);
        Assert.Equal(["ConfigMap settings", "Service web", "Deployment web"], first.Resources.Select(r => $"{r.Kind} {r.Name}"));
        Assert.All(first.Resources, r => Assert.Equal("created", r.Action));
        Assert.All(first.Resources, r => Assert.Equal("default", r.Namespace));
        Assert.Equal(["web:1"], first.Images);

        var web = fleet["one"].Get("Deployment", "default", "web")!;
        Assert.Equal("kit", web["metadata"]!["labels"]![Marks.ManagedBy]!.GetValue<string>());
        Assert.Equal(first.CommitSha, web["metadata"]!["labels"]![Marks.Commit]!.GetValue<string>());
        Assert.Equal(first.CorrelationId.ToString(), web["metadata"]!["labels"]![Marks.DeploymentId]!.GetValue<string>());
        var inventory = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Equal((1L, first.CommitSha, InventoryStore.Succeeded, 3), (inventory.Sequence, inventory.Commit, inventory.Status, inventory.Objects.Count));
        Assert.Null(inventory.Holder);

        var again = await deployer.DeployAsync(Fleet.Message("one", 1, set), null, CancellationToken.None);
        Assert.Equal((DeploymentOutcome.Skipped, "unchanged"), (again.Outcome, again.SkipReason));

        var changed = await deployer.DeployAsync(Fleet.Message("one", 2, Set(Deployment("web", "web:1"), Service("web"), ConfigMap("settings", "b"))), null, CancellationToken.None);
        Assert.True(changed.Outcome == DeploymentOutcome.Succeeded, changed.Error);
        Assert.Equal(["ConfigMap settings configured", "Service web unchanged", "Deployment web unchanged"], changed.Resources.Select(r => $"{r.Kind} {r.Name} {r.Action}"));
        Assert.Equal("b", fleet["one"].Get("ConfigMap", "default", "settings")!["data"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Well_known_kinds_need_no_discovery_and_other_kinds_are_discovered()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var connection = await fleet.ConnectAsync("one");

        var configMap = await connection.ResolveAsync("v1", "ConfigMap", CancellationToken.None);
        var role = await connection.ResolveAsync("rbac.authorization.k8s.io/v1", "Role", CancellationToken.None);
        Assert.Empty(fleet["one"].RequestLog);

        var @event = await connection.ResolveAsync("v1", "Event", CancellationToken.None);
        Assert.Equal(["/api/v1"], fleet["one"].RequestLog.Select(r => r.Path));

        // The table says what discovery says.
        Assert.Equal(("configmaps", true), (configMap.Plural, configMap.Namespaced));
        Assert.Equal(("roles", true), (role.Plural, role.Namespaced));
        Assert.Equal(("events", true), (@event.Plural, @event.Namespaced));
    }

    [Fact]
    public async Task The_same_digest_is_deployed_again_when_forced()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        var message = Fleet.Message("one", 1, ConfigMap("a", "1"));
        await deployer.DeployAsync(message, null, CancellationToken.None);

        var forced = await deployer.DeployAsync(message, new DeployModes { Force = true }, CancellationToken.None);
        Assert.Equal(DeploymentOutcome.Succeeded, forced.Outcome);
        Assert.Equal("unchanged", Assert.Single(forced.Resources).Action);
    }

    [Fact]
    public async Task An_older_commit_arriving_after_a_newer_one_touches_nothing()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 5, ConfigMap("settings", "new")), null, CancellationToken.None);
        fleet["one"].ClearRequestLog();

        var old = await deployer.DeployAsync(Fleet.Message("one", 4, Set(ConfigMap("settings", "old"), ConfigMap("extra", "x"))), null, CancellationToken.None);

        Assert.Equal((DeploymentOutcome.Skipped, "stale"), (old.Outcome, old.SkipReason));
        Assert.DoesNotContain(fleet["one"].RequestLog, r => r.IsWrite);
        Assert.Equal("new", fleet["one"].Get("ConfigMap", "default", "settings")!["data"]!["value"]!.GetValue<string>());
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "extra"));
    }

    [Fact]
    public async Task Two_instances_given_one_clusters_messages_out_of_order_end_at_the_newest()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var first = fleet.NewDeployer();
        var second = fleet.NewDeployer();
        var messages = Enumerable.Range(1, 8).Select(i => Fleet.Message("one", i, Set(ConfigMap("settings", $"v{i}"), Deployment("web", $"web:{i}")))).ToList();
        var shuffled = messages.OrderBy(m => (m.Sequence * 7) % 5).ThenByDescending(m => m.Sequence).ToList();

        var results = await Task.WhenAll(shuffled.Select((m, i) => Task.Run(() => (i % 2 == 0 ? first : second).DeployAsync(m, null, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.Skipped, r.Error));
        Assert.Contains(results, r => r.Sequence == 8 && r.Outcome == DeploymentOutcome.Succeeded);
        Assert.All(results.Where(r => r.Outcome == DeploymentOutcome.Skipped), r => Assert.Equal("stale", r.SkipReason));
        var inventory = InventoryStore.FromConfigMap(fleet["one"].Get("ConfigMap", "default", InventoryStore.Name)!);
        Assert.Equal(8, inventory.Sequence);
        Assert.Equal("v8", fleet["one"].Get("ConfigMap", "default", "settings")!["data"]!["value"]!.GetValue<string>());
        Assert.Equal("web:8", fleet["one"].Get("Deployment", "default", "web")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        // Applies happened in increasing sequence: the commit label of every write never goes backwards.
        var commits = fleet["one"].RequestLog.Where(r => r.IsWrite && r.Name == "settings").Select(r => r.Labels?.GetValueOrDefault(Marks.Commit)).ToList();
        Assert.Equal(commits.Order(StringComparer.Ordinal), commits);
    }

    [Fact]
    public async Task A_removed_object_is_pruned_and_an_unmanaged_one_is_not()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        var deployer = fleet.NewDeployer();
        fleet["one"].Apply(ConfigMap("by-hand", "x"));
        var raw = await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("keep", "1"), ConfigMap("raw", "1"))), new DeployModes { Raw = true }, CancellationToken.None);
        Assert.True(raw.Outcome == DeploymentOutcome.Succeeded, raw.Error);
        var managed = await deployer.DeployAsync(Fleet.Message("one", 2, Set(ConfigMap("keep", "1"), ConfigMap("raw", "1"), ConfigMap("drop", "1"))), new DeployModes { Raw = true }, CancellationToken.None);
        Assert.True(managed.Outcome == DeploymentOutcome.Succeeded, managed.Error);
        managed = await deployer.DeployAsync(Fleet.Message("one", 3, Set(ConfigMap("keep", "1"), ConfigMap("drop", "1"))), null, CancellationToken.None);
        Assert.True(managed.Outcome == DeploymentOutcome.Succeeded, managed.Error);

        var result = await deployer.DeployAsync(Fleet.Message("one", 4, ConfigMap("keep", "2")), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.Equal(["ConfigMap keep configured", "ConfigMap drop pruned"], result.Resources.Select(r => $"{r.Kind} {r.Name} {r.Action}"));
        Assert.Null(fleet["one"].Get("ConfigMap", "default", "drop"));
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "raw"));
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "by-hand"));
    }

    [Fact]
    public async Task Pruning_can_be_switched_off()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s => s.Prune = false);
        var deployer = fleet.NewDeployer();
        await deployer.DeployAsync(Fleet.Message("one", 1, Set(ConfigMap("keep", "1"), ConfigMap("drop", "1"))), null, CancellationToken.None);
        var result = await deployer.DeployAsync(Fleet.Message("one", 2, ConfigMap("keep", "1")), null, CancellationToken.None);
        Assert.DoesNotContain(result.Resources, r => r.Action == "pruned");
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "drop"));
    }
}
