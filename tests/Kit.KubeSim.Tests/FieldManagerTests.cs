using System.Text.Json.Nodes;

namespace Kit.KubeSim.Tests;

/// <summary>Server-side apply's merge and ownership on a hand-built schema, as structured-merge-diff defines them.</summary>
public sealed class FieldManagerTests
{
    static readonly Schemas.Schema Schema = HandSchemas.Workload();

    static JsonObject Config(string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{{spec}}}""")!.AsObject();

    static JsonObject Container(string fields)
    {
        var container = JsonNode.Parse(fields)!.AsObject();
        container.Insert(0, "name", "app");
        return Config(new JsonObject { ["containers"] = new JsonArray(container) }.ToJsonString());
    }

    sealed class Server
    {
        public JsonObject? Live { get; private set; }

        public List<ManagedFieldsEntry> Entries { get; } = [];

        public JsonObject Apply(string manager, JsonObject config, bool force = false)
        {
            Live = FieldManager.Apply(BuiltInResources.Deployment, Live, config, Entries, manager, null, Schema, FieldScope.MainResource, force);
            return Live;
        }

        public JsonObject Update(string manager, Action<JsonObject> change)
        {
            var candidate = Live!.DeepClone().AsObject();
            change(candidate);
            FieldManager.Update(BuiltInResources.Deployment, Entries, Live, candidate, manager, null, Schema, FieldScope.MainResource);
            Live = candidate;
            return Live;
        }

        public HashSet<string> Owned(string manager, string operation = "Apply") =>
            Entries.Single(e => e.Is(manager, operation, null)).Fields.Select(FieldPaths.Display).ToHashSet();
    }

    static JsonArray Env(JsonObject obj) => obj["spec"]!["containers"]![0]!["env"]!.AsArray();

    [Fact]
    public void An_env_entry_the_manager_stops_applying_goes_whole()
    {
        var server = new Server();
        server.Apply("kit", Container("""{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]}"""));

        var live = server.Apply("kit", Container("""{"env":[{"name":"A","value":"1"},{"name":"C","value":"3"}]}"""));

        Assert.Equal("""[{"name":"A","value":"1"},{"name":"C","value":"3"}]""", Env(live).ToJsonString());
        Assert.DoesNotContain(".spec.containers[name=\"app\"].env[name=\"B\"]", server.Owned("kit"));
    }

    [Fact]
    public void A_list_item_another_manager_applies_stays_when_one_manager_drops_it()
    {
        var server = new Server();
        server.Apply("a", Container("""{"env":[{"name":"A","value":"1"},{"name":"S","value":"shared"}]}"""));
        server.Apply("b", Container("""{"env":[{"name":"S","value":"shared"},{"name":"B","value":"2"}]}"""));

        var live = server.Apply("a", Container("""{"env":[{"name":"A","value":"1"}]}"""));

        Assert.Equal(["A", "S", "B"], Env(live).Select(e => (string)e!["name"]!));
        Assert.Contains(".spec.containers[name=\"app\"].env[name=\"S\"].value", server.Owned("b"));
    }

    [Fact]
    public void A_field_is_removed_only_when_no_other_manager_owns_it()
    {
        var server = new Server();
        server.Apply("a", Config("""{"replicas":3,"finalizers":["x"]}"""));
        server.Apply("b", Config("""{"replicas":3}"""));

        var kept = server.Apply("a", Config("""{"finalizers":["x"]}""")).DeepClone();
        var gone = server.Apply("b", Config("""{"finalizers":["y"]}"""));

        Assert.Equal(3, (int)kept["spec"]!["replicas"]!);
        Assert.Null(gone["spec"]!["replicas"]);
        Assert.Equal("""["x","y"]""", gone["spec"]!["finalizers"]!.ToJsonString());
    }

    [Fact]
    public void Ports_are_keyed_by_port_and_protocol_with_the_protocol_default()
    {
        var server = new Server();
        server.Apply("kit", Container("""{"ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}]}"""));
        server.Update("defaulter", o => o["spec"]!["containers"]![0]!["ports"]![0]!["protocol"] = "TCP");

        var live = server.Apply("kit", Container("""{"ports":[{"containerPort":80,"name":"http"}]}"""));

        Assert.Equal("""[{"containerPort":80,"protocol":"TCP","name":"http"}]""", live["spec"]!["containers"]![0]!["ports"]!.ToJsonString());
        Assert.Contains(".spec.containers[name=\"app\"].ports[containerPort=80,protocol=\"TCP\"].name", server.Owned("kit"));
    }

    [Fact]
    public void Atomic_values_are_one_leaf_and_replaced_whole()
    {
        var server = new Server();
        server.Apply("kit", Config("""{"selector":{"matchLabels":{"app":"web","tier":"front"}},"containers":[{"name":"app","args":["a","b"]}]}"""));

        var live = server.Apply("kit", Config("""{"selector":{"matchLabels":{"app":"web"}},"containers":[{"name":"app","args":["c"]}]}"""));

        Assert.Equal("""{"matchLabels":{"app":"web"}}""", live["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("""["c"]""", live["spec"]!["containers"]![0]!["args"]!.ToJsonString());
        Assert.Contains(".spec.selector", server.Owned("kit"));
        Assert.DoesNotContain(".spec.selector.matchLabels.app", server.Owned("kit"));
        Assert.Contains(".spec.containers[name=\"app\"].args", server.Owned("kit"));
    }

    [Fact]
    public void Sets_own_each_value_and_preserved_unknown_fields_merge_as_maps()
    {
        var server = new Server();
        server.Apply("kit", Config("""{"finalizers":["a","b"],"extra":{"x":{"y":1},"list":[1,2]}}"""));

        Assert.Equal(
            [".spec.extra.list", ".spec.extra.x", ".spec.extra.x.y", ".spec.finalizers[=\"a\"]", ".spec.finalizers[=\"b\"]"],
            server.Owned("kit").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_conflicts_with_an_update_manager_then_force_takes_the_field()
    {
        var server = new Server();
        server.Apply("kit", Config("""{"replicas":2}"""));
        server.Update("kubectl-client-side-apply", o => o["spec"]!["replicas"] = 5);

        var conflict = Assert.Throws<ApiException>(() => server.Apply("kit", Config("""{"replicas":3}""")));
        var same = server.Apply("kit", Config("""{"replicas":5}"""));
        var forced = server.Apply("kit", Config("""{"replicas":3}"""), force: true);

        Assert.Equal(409, conflict.Code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", conflict.Message);
        var cause = conflict.Status()["details"]!["causes"]![0]!;
        Assert.Equal(("FieldManagerConflict", ".spec.replicas"), ((string?)cause["reason"], (string?)cause["field"]));
        Assert.Equal(5, (int)same["spec"]!["replicas"]!);
        Assert.Equal(3, (int)forced["spec"]!["replicas"]!);
        Assert.DoesNotContain(server.Entries, e => e.Manager == "kubectl-client-side-apply");
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager_sorted()
    {
        var server = new Server();
        server.Apply("b-apply", Config("""{"replicas":2}"""));
        server.Apply("a-apply", Container("""{"image":"one","env":[{"name":"A","value":"1"}]}"""));

        var conflict = Assert.Throws<ApiException>(() => server.Apply("c", Config("""{"replicas":3,"containers":[{"name":"app","image":"two","env":[{"name":"A","value":"2"}]}]}""")));

        Assert.Equal(
            "Apply failed with 3 conflicts: conflicts with \"a-apply\":\n- .spec.containers[name=\"app\"].env[name=\"A\"].value\n- .spec.containers[name=\"app\"].image\nconflicts with \"b-apply\":\n- .spec.replicas",
            conflict.Message);
        Assert.Equal(3, conflict.Status()["details"]!["causes"]!.AsArray().Count);
    }

    [Fact]
    public void Apply_and_update_entries_of_one_manager_are_kept_apart()
    {
        var server = new Server();
        server.Apply("kit", Config("""{"replicas":2}"""));
        server.Update("kit", o => Json.Obj(Json.Metadata(o), "labels")["team"] = "a");

        Assert.Equal(["Apply", "Update"], server.Entries.Where(e => e.Manager == "kit").Select(e => e.Operation));
        Assert.Equal([".metadata.labels", ".metadata.labels.team"], server.Owned("kit", "Update").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FieldsV1_marks_a_member_with_members_below_it_with_a_dot()
    {
        var fields = FieldPaths.ToFieldsV1(["f:metadata\u001ff:labels", "f:metadata\u001ff:labels\u001ff:app", "f:spec\u001ff:replicas"]);

        Assert.Equal("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}""", fields.ToJsonString());
        Assert.Equal(3, FieldPaths.FromFieldsV1(fields).Count);
    }
}
