using Kit.KubeSim.Schemas;

namespace Kit.KubeSim.Tests;

/// <summary>A small Deployment-like schema built by hand, with the list and map facts the Kubernetes definitions state.</summary>
static class HandSchemas
{
    static Schema Scalar(SchemaType type = SchemaType.String) => new() { Type = type };

    static Schema Struct(params (string Name, Schema Schema)[] fields)
    {
        var schema = new Schema { Type = SchemaType.Object };
        foreach (var (name, field) in fields)
        {
            schema.Properties[name] = field;
        }

        return schema;
    }

    static Schema StringMap() => new() { Type = SchemaType.Map, Values = Scalar() };

    public static Schema Workload()
    {
        var env = Struct(("name", Scalar()), ("value", Scalar()));
        var port = Struct(
            ("name", Scalar()),
            ("containerPort", Scalar(SchemaType.Integer)),
            ("protocol", new Schema { Type = SchemaType.String, Default = "TCP" }));
        var container = Struct(
            ("name", Scalar()),
            ("image", Scalar()),
            ("args", new Schema { Type = SchemaType.List, Items = Scalar() }),
            ("env", new Schema { Type = SchemaType.List, Items = env, ListType = "map", ListMapKeys = ["name"], PatchStrategy = "merge", PatchMergeKey = "name" }),
            ("ports", new Schema { Type = SchemaType.List, Items = port, ListType = "map", ListMapKeys = ["containerPort", "protocol"], PatchStrategy = "merge", PatchMergeKey = "containerPort" }));
        var spec = Struct(
            ("replicas", Scalar(SchemaType.Integer)),
            ("selector", new Schema { Type = SchemaType.Object, MapType = "atomic", Properties = { ["matchLabels"] = StringMap() } }),
            ("finalizers", new Schema { Type = SchemaType.List, Items = Scalar(), ListType = "set" }),
            ("containers", new Schema { Type = SchemaType.List, Items = container, ListType = "map", ListMapKeys = ["name"], PatchStrategy = "merge", PatchMergeKey = "name" }),
            ("strategy", new Schema { Type = SchemaType.Object, PatchStrategy = "retainKeys", Properties = { ["type"] = Scalar(), ["rollingUpdate"] = Struct(("maxSurge", Scalar(SchemaType.IntOrString))) } }),
            ("extra", new Schema { Type = SchemaType.Any, PreserveUnknownFields = true }));
        var metadata = Struct(("name", Scalar()), ("namespace", Scalar()), ("labels", StringMap()), ("annotations", StringMap()));
        return Struct(("apiVersion", Scalar()), ("kind", Scalar()), ("metadata", metadata), ("spec", spec));
    }
}
