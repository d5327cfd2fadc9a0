using System.Text;
using System.Text.RegularExpressions;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kit.Git;

/// <summary>
/// <c>sources.lock.yaml</c> at the deployments repository's root: each source's name mapped to the full commit sha
/// that is rendered. The renderer reads pinned commits only; kit writes a new pin as a commit of the deployments
/// repository, so its history is the audit trail and reverting a pin commit rolls the source back.
/// </summary>
public static partial class SourcesLock
{
    public const string Path = "sources.lock.yaml";

    /// <summary>The pins in <paramref name="text"/> (null or blank: none), by source name.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? text)
    {
        var pins = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return pins;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(YamlDepth.Parser(text));
        }
        catch (YamlException e)
        {
            throw new KitConfigException($"does not parse as YAML: {(e is YamlTooDeepException deep ? deep.Reason : e.Message)}", Path, (int)e.Start.Line);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return pins;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KitConfigException("must be a mapping of source name to commit sha", Path, (int)stream.Documents[0].RootNode.Start.Line);
        }

        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!KitConfig.IsSourceName(name))
            {
                throw new KitConfigException($"'{name}' is not a source name (lower-case letters, digits and '-')", Path, (int)key.Start.Line);
            }

            if (value is not YamlScalarNode { Value: { } sha } || !IsSha(sha))
            {
                throw new KitConfigException($"the pin of '{name}' must be a full 40-character commit sha", Path, (int)value.Start.Line);
            }

            if (!pins.TryAdd(name, sha.ToLowerInvariant()))
            {
                throw new KitConfigException($"'{name}' is pinned twice", Path, (int)key.Start.Line);
            }
        }

        return pins;
    }

    /// <summary>The file's text for <paramref name="pins"/>: one line per source, sorted by name, so a change is one line of diff.</summary>
    public static string Write(IReadOnlyDictionary<string, string> pins)
    {
        var text = new StringBuilder("# The commit of each source that kit renders. kit writes this file; a revert rolls a source back.\n");
        foreach (var (name, sha) in pins.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!KitConfig.IsSourceName(name) || !IsSha(sha))
            {
                throw new ArgumentException($"'{name}: {sha}' is not a source name and a full commit sha", nameof(pins));
            }

            text.Append(name).Append(": ").Append(sha.ToLowerInvariant()).Append('\n');
        }

        return text.ToString();
    }

    public static bool IsSha(string value) => Sha().IsMatch(value);

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha();
}
