using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
                return Scalar(scalar);
            default:
                return null;
        }
    }

    static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
