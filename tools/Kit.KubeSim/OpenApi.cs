using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>
/// /openapi/v3 documents: every PATCH operation names its kind and accepts fieldValidation,
/// so kubectl validates on the server (fieldValidation=Strict) instead of against local schemas.
/// </summary>
static class OpenApi
{
    static readonly string[] PatchParameters = ["dryRun", "fieldManager", "fieldValidation", "force"];

    public static JsonObject Root(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => t.GroupVersion).Distinct())
        {
            var path = gv == "v1" ? "api/v1" : $"apis/{gv}";
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Names.Hash(string.Join(',', types.Where(t => t.GroupVersion == gv).Select(t => t.Plural)))}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(IReadOnlyList<ResourceType> types, string path)
    {
        var gv = path == "api/v1" ? "v1" : path.StartsWith("apis/", StringComparison.Ordinal) ? path[5..] : null;
        var served = types.Where(t => t.GroupVersion == gv).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var t in served)
        {
            var prefix = t.Group.Length == 0 ? "/api/v1" : $"/apis/{t.GroupVersion}";
            var item = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            paths[item] = new JsonObject { ["patch"] = Operation(t) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    static JsonObject Operation(ResourceType t) => new()
    {
        ["tags"] = new JsonArray(t.Group.Length == 0 ? "core_v1" : $"{t.Group}_{t.Version}"),
        ["description"] = $"partially update the specified {t.Kind}",
        ["operationId"] = $"patch{t.Kind}",
        ["parameters"] = new JsonArray([.. PatchParameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = p == "force" ? "boolean" : "string", ["uniqueItems"] = true },
        })]),
        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        ["x-kubernetes-action"] = "patch",
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind },
    };
}
