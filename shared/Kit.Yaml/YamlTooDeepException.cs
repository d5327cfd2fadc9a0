using YamlDotNet.Core;

namespace Kit.Yaml;

/// <summary>YAML nested deeper than <see cref="YamlDepth.Max"/> levels; <c>Start.Line</c> is where the level too many opens.</summary>
public sealed class YamlTooDeepException(Mark start, Mark end)
    : YamlException(start, end, Text)
{
    static readonly string Text = $"YAML nested deeper than {YamlDepth.Max} levels (kit's limit)";

    /// <summary>The message without YamlDotNet's position prefix.</summary>
    public string Reason => Text;
}
