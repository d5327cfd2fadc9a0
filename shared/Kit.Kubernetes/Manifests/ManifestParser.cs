using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Yaml;
using YamlDotNet.Core;

namespace Kit.Kubernetes.Manifests;

/// <summary>Reads a rendered manifest set into objects, rejecting what cannot be applied before anything is.</summary>
public static class ManifestParser
{
    public static IReadOnlyList<ManifestObject> Parse(IReadOnlyList<RenderedManifest> manifests)
    {
        var objects = new List<ManifestObject>();
        var seen = new Dictionary<(string, string, string?, string), string>();
        foreach (var manifest in manifests)
        {
            IReadOnlyList<(JsonNode Node, int Line)> documents;
            try
            {
                documents = ParsedDocuments.Of(manifest.Content);
            }
            catch (YamlException e)
            {
                throw new ManifestException($"{manifest.FileName}:{e.Start.Line}: {e.Message}");
            }

            foreach (var (node, line) in documents)
            {
                foreach (var body in Expand(node, manifest.FileName, line))
                {
                    var item = Check(body, manifest.FileName, line);
                    var key = (Group(item.ApiVersion), item.Kind, item.Namespace, item.Name);
                    if (seen.TryGetValue(key, out var first))
                    {
                        throw new ManifestException($"{manifest.FileName}:{line}: {item.Display} is also defined at {first}");
                    }

                    seen[key] = $"{manifest.FileName}:{line}";
                    objects.Add(item);
                }
            }
        }

        return objects;
    }

    static IEnumerable<JsonObject> Expand(JsonNode node, string file, int line)
    {
        if (node is not JsonObject body)
        {
            throw new ManifestException($"{file}:{line}: a manifest must be a mapping");
        }

        if (body["kind"] is JsonValue kind && kind.ToString() == "List" && body["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                yield return item as JsonObject ?? throw new ManifestException($"{file}:{line}: a List item must be a mapping");
            }

            yield break;
        }

        yield return body;
    }

    static ManifestObject Check(JsonObject body, string file, int line)
    {
        string Text(JsonNode? node, string field) =>
            node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : throw new ManifestException($"{file}:{line}: {field} is missing or not a string");

        Text(body["apiVersion"], "apiVersion");
        var kind = Text(body["kind"], "kind");
        if (body["metadata"] is not JsonObject metadata)
        {
            throw new ManifestException($"{file}:{line}: {kind} has no metadata");
        }

        var name = Text(metadata["name"], $"{kind} metadata.name");
        if (ObjectNames.Problem(kind, name) is not null)
        {
            throw new ManifestException($"{file}:{line}: {kind} name '{name}' is not a valid Kubernetes name");
        }

        if (metadata["namespace"] is { } ns)
        {
            Text(ns, $"{kind} {name} metadata.namespace");
        }

        var result = new ManifestObject(body, file, line);
        if (result.Annotation(ApplyOrder.DependencySelectorAnnotation) is { } selector)
        {
            try
            {
                LabelSelector.Parse(selector);
            }
            catch (FormatException e)
            {
                throw new ManifestException($"{file}:{line}: {result.Display}: {ApplyOrder.DependencySelectorAnnotation}: {e.Message}");
            }
        }

        return result;
    }

    static string Group(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
}
