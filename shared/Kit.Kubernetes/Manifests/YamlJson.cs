using System.Text.Json.Nodes;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.Kubernetes.Manifests;

/// <summary>
/// YAML to JSON with Kubernetes' scalar typing (plain <c>3</c> is a number, <c>"3"</c> a string). A node
/// budget stops alias bombs: aliases are expanded, so a few lines could otherwise become gigabytes; and
/// <see cref="YamlDepth"/> stops nesting before the object model's recursion could overflow the stack.
/// </summary>
public static partial class YamlJson
{
    public const int NodeBudget = 200_000;

    /// <summary>Every document of a YAML text, with the line it starts on; empty documents are left out.</summary>
    public static IReadOnlyList<(JsonNode Node, int Line)> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(YamlDepth.Parser(yaml));
        var budget = NodeBudget;
        var result = new List<(JsonNode, int)>();
        foreach (var document in stream.Documents)
        {
            var node = Convert(document.RootNode, ref budget);
            if (node is not null)
            {
                result.Add((node, (int)document.RootNode.Start.Line));
            }
        }

        return result;
    }

    static JsonNode? Convert(YamlNode node, ref int budget)
    {
        if (--budget < 0)
        {
            throw new YamlException(node.Start, node.End, $"more than {NodeBudget} nodes (an alias bomb?)");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : throw new YamlException(key.Start, key.End, "a mapping key must be a scalar");
                    obj[name] = Convert(value, ref budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return YamlScalars.ToJson(scalar);
            default:
                return null;
        }
    }
}
