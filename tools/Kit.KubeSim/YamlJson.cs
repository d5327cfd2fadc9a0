using System.Text.Json.Nodes;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.KubeSim;

/// <summary>Reads an apply body (YAML or JSON, which is YAML) into a JSON object, as sigs.k8s.io/yaml does.</summary>
static partial class YamlJson
{
    public static JsonObject ParseObject(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the body must be an object");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiException.BadRequest($"error decoding JSON: {e.Message}");
            }
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest($"error converting YAML to JSON: {e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw ApiException.BadRequest("the body must hold exactly one YAML document");
        }

        var budget = MaxNodes;
        return Convert(stream.Documents[0].RootNode, 0, ref budget) as JsonObject ?? throw ApiException.BadRequest("the body must be an object");
    }

    /// <summary>Aliases expand while converting; a bound on nodes stops alias bombs.</summary>
    const int MaxNodes = 200_000;

    static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (depth > 100)
        {
            throw ApiException.BadRequest("the YAML document nests too deeply");
        }

        if (--budget < 0)
        {
            throw ApiException.BadRequest($"the YAML document expands to more than {MaxNodes} nodes");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    obj[(key as YamlScalarNode)?.Value ?? throw ApiException.BadRequest("mapping keys must be scalars")] = Convert(value, depth + 1, ref budget);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return YamlScalars.ToJson(scalar);
            default:
                return null;
        }
    }
}
