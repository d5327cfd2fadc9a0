using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim.Tests;

public sealed class SchemaCatalogTests
{
    /// <summary>
    /// List semantics as structured-merge-diff's SSA-form schema states them (internal/testdata/k8s-schema.yaml,
    /// kubernetes-sigs/structured-merge-diff 15d0754): definition, field, elementRelationship, keys.
    /// Left out where the API changed since: Service ports (keyed by port alone then, by port and protocol now) and
    /// Job status conditions (associative by type then, +listType=atomic now).
    /// </summary>
    public static TheoryData<string, string, string, string> StructuredMergeDiffLists => new()
    {
        { "io.k8s.api.apps.v1.DeploymentStatus", "conditions", "associative", "type" },
        { "io.k8s.api.core.v1.Capabilities", "add", "atomic", "" },
        { "io.k8s.api.core.v1.ConfigMapVolumeSource", "items", "atomic", "" },
        { "io.k8s.api.core.v1.Container", "args", "atomic", "" },
        { "io.k8s.api.core.v1.Container", "env", "associative", "name" },
        { "io.k8s.api.core.v1.Container", "envFrom", "atomic", "" },
        { "io.k8s.api.core.v1.Container", "ports", "associative", "containerPort,protocol" },
        { "io.k8s.api.core.v1.Container", "volumeDevices", "associative", "devicePath" },
        { "io.k8s.api.core.v1.Container", "volumeMounts", "associative", "mountPath" },
        { "io.k8s.api.core.v1.PodSecurityContext", "supplementalGroups", "atomic", "" },
        { "io.k8s.api.core.v1.PodSpec", "containers", "associative", "name" },
        { "io.k8s.api.core.v1.PodSpec", "hostAliases", "associative", "ip" },
        { "io.k8s.api.core.v1.PodSpec", "imagePullSecrets", "associative", "name" },
        { "io.k8s.api.core.v1.PodSpec", "initContainers", "associative", "name" },
        { "io.k8s.api.core.v1.PodSpec", "tolerations", "atomic", "" },
        { "io.k8s.api.core.v1.PodSpec", "volumes", "associative", "name" },
        { "io.k8s.api.core.v1.ServiceSpec", "externalIPs", "atomic", "" },
        { "io.k8s.api.rbac.v1.PolicyRule", "verbs", "atomic", "" },
        { "io.k8s.api.rbac.v1.RoleBinding", "subjects", "atomic", "" },
        { "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "matchExpressions", "atomic", "" },
        { "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", "associative", "" },
        { "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "associative", "uid" },
    };

    [Theory]
    [MemberData(nameof(StructuredMergeDiffLists))]
    public void List_semantics_match_structured_merge_diff(string definition, string field, string relationship, string keys)
    {
        var list = Definition(definition).Field(field);

        Assert.NotNull(list);
        Assert.Equal(SchemaType.List, list.Type);
        Assert.Equal(relationship, list.ListType == "atomic" ? "atomic" : "associative");
        Assert.Equal(keys, string.Join(',', list.ListMapKeys));
    }

    [Fact]
    public void Every_built_in_kind_has_a_root_schema_with_metadata()
    {
        foreach (var type in BuiltInResources.Types)
        {
            var root = type.Schema;
            Assert.True(root is { Type: SchemaType.Object }, $"{type.ApiVersion} {type.Kind}");
            Assert.Same(SchemaCatalog.BuiltIn.ObjectMeta, root.Field("metadata"));
            Assert.Equal(SchemaType.String, root.Field("apiVersion")?.Type);
        }
    }

    [Fact]
    public void Deployment_fields_have_types_descriptions_and_patch_facts()
    {
        var spec = BuiltInResources.Deployment.Schema!.Field("spec")!;
        var podSpec = spec.Field("template")!.Field("spec")!;
        var containers = podSpec.Field("containers")!;

        Assert.Equal("io.k8s.api.apps.v1.DeploymentSpec", spec.Name);
        Assert.Equal((SchemaType.Integer, "int32"), (spec.Field("replicas")!.Type, spec.Field("replicas")!.Format));
        Assert.StartsWith("Number of desired pods.", spec.Field("replicas")!.Description, StringComparison.Ordinal);
        Assert.Contains("selector", spec.Required);
        Assert.Equal(("merge", "name"), (containers.PatchStrategy, containers.PatchMergeKey));
        Assert.Equal("merge,retainKeys", podSpec.Field("volumes")!.PatchStrategy);
        Assert.Contains("name", containers.Items!.Required);
        Assert.Equal(SchemaType.IntOrString, spec.Field("strategy")!.Field("rollingUpdate")!.Field("maxSurge")!.Type);
        Assert.Equal(SchemaType.Map, spec.Field("template")!.Field("metadata")!.Field("labels")!.Type);
        Assert.Equal("atomic", spec.Field("selector")!.MapType);
        Assert.Equal("quantity", containers.Items.Field("resources")!.Field("limits")!.Values!.Format);
        Assert.Equal("date-time", SchemaCatalog.BuiltIn.ObjectMeta.Field("creationTimestamp")!.Format);
    }

    [Fact]
    public void Built_in_schemas_are_shared_between_lookups()
    {
        Assert.Same(SchemaCatalog.BuiltIn.For("apps", "v1", "Deployment"), SchemaCatalog.BuiltIn.For("apps", "v1", "Deployment"));
        Assert.Same(
            SchemaCatalog.BuiltIn.For("apps", "v1", "Deployment")!.Field("spec")!.Field("template"),
            SchemaCatalog.BuiltIn.For("batch", "v1", "Job")!.Field("spec")!.Field("template"));
        Assert.Null(SchemaCatalog.BuiltIn.For("example.com", "v1", "Widget"));
    }

    [Fact]
    public void A_crd_schema_becomes_a_schema_with_type_meta_and_object_meta()
    {
        var openApi = JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","required":["size"],"properties":{
              "size":{"type":"integer","format":"int32","description":"How big."},
              "port":{"x-kubernetes-int-or-string":true},
              "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"}}}},
              "labels":{"type":"object","additionalProperties":{"type":"string"}},
              "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
              "inner":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{}}}}}}
            """)!.AsObject();

        var root = CrdSchema.Root(openApi);
        var spec = root.Field("spec")!;

        Assert.Same(SchemaCatalog.BuiltIn.ObjectMeta, root.Field("metadata"));
        Assert.NotNull(root.Field("apiVersion"));
        Assert.Equal(["size"], spec.Required);
        Assert.Equal("How big.", spec.Field("size")!.Description);
        Assert.Equal(SchemaType.IntOrString, spec.Field("port")!.Type);
        Assert.Equal("set", spec.Field("tags")!.ListType);
        Assert.Equal(["name"], spec.Field("ports")!.ListMapKeys);
        Assert.Equal(SchemaType.Map, spec.Field("labels")!.Type);
        Assert.True(spec.Field("extra")!.PreserveUnknownFields);
        Assert.False(spec.PreserveUnknownFields);
        Assert.NotNull(spec.Field("inner")!.Field("kind"));
    }

    static Schema Definition(string name) =>
        SchemaCatalog.NamedObjects(BuiltInResources.Types.Select(t => t.Schema!)).Single(s => s.Name == name);
}
