using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.Cli.Output;

/// <summary>
/// Writes a command's result as JSON or YAML with the same field names: camelCase, enums by name as the
/// tracker's API writes them, absent values left out; the YAML is the JSON's tree, so a script can switch formats freely.
/// </summary>
public static class StructuredWriter
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(T value, string format, TextWriter output)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(value, Options));
            return;
        }

        var node = JsonSerializer.SerializeToNode(value, Options);
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        output.Write(Clean(text.ToString()));
    }

    static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject map => new YamlMappingNode(map.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray list => new YamlSequenceNode(list.Select(ToYaml)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Quoted(value.GetValue<string>()),
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain },
    };

    /// <summary>A string stays a string: one YAML would read as a number, boolean or null is quoted.</summary>
    static YamlScalarNode Quoted(string text) =>
        new(text) { Style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    static bool NeedsQuotes(string text) =>
        text.Length == 0
        || text is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "n" or "Y" or "N"
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(".inf", StringComparison.OrdinalIgnoreCase) || text.StartsWith(".nan", StringComparison.OrdinalIgnoreCase);

    /// <summary>YamlStream ends a document with <c>...</c>; a single document needs no end marker.</summary>
    static string Clean(string yaml)
    {
        var trimmed = yaml.TrimEnd();
        return (trimmed.EndsWith("\n...", StringComparison.Ordinal) ? trimmed[..^4] : trimmed) + "\n";
    }
}
