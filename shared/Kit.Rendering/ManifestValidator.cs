using Kit.Rendering.Yaml;
using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Rendering;

/// <summary>
/// Checks a rendered file before it can reach a cluster, with every rule that needs no cluster: it parses as
/// YAML without a duplicated key, an anchor or an alias (a cluster's reader refuses the first, and the others
/// hide what is applied), and every document is a Kubernetes object with apiVersion, kind and a metadata.name
/// that kube-apiserver accepts for its kind. This runs for every file of every cluster: plain block YAML is
/// read by <see cref="BlockYaml"/>; anything else, and every error, by parser events.
/// </summary>
public static class ManifestValidator
{
    internal const string NoObject = "the template rendered no Kubernetes object";

    /// <summary>The objects of the file; throws a <see cref="RenderException"/> naming the template and the line of the rendered output.</summary>
    public static IReadOnlyList<ManifestIdentity> Validate(string content, string templatePath)
    {
        if (BlockYaml.TryManifest(content, out var objects))
        {
            CheckNames(objects, templatePath);
            return objects;
        }

        return ValidateWithParser(content, templatePath);
    }

    /// <summary>The full check alone (what <see cref="BlockYaml.IsManifest"/> must agree with).</summary>
    internal static IReadOnlyList<ManifestIdentity> ValidateWithParser(string content, string templatePath)
    {
        CheckNodes(content, templatePath);
        var parser = YamlDepth.Parser(content);
        var objects = new List<ManifestIdentity>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                if (parser.Accept<MappingStart>(out _))
                {
                    objects.Add(CheckObject(parser, templatePath, (int)start.Start.Line));
                }
                else if (parser.TryConsume<Scalar>(out var scalar) && scalar.Style == ScalarStyle.Plain && YamlValues.ResolvePlain(scalar.Value) is null)
                {
                    // An empty document (e.g. a section that rendered nothing between two ---).
                }
                else
                {
                    throw new RenderException("a rendered document is not a mapping (a Kubernetes object)", templatePath, (int)start.Start.Line);
                }

                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlTooDeepException e)
        {
            throw new RenderException("the rendered output is " + e.Reason, templatePath, (int)e.Start.Line);
        }
        catch (YamlException e)
        {
            throw new RenderException($"the rendered output is not valid YAML at its line {e.Start.Line}: {YamlLoader.Describe(e)}", templatePath, (int)e.Start.Line);
        }
        catch (Exception e) when (e is not RenderException and not OutOfMemoryException)
        {
            throw YamlLoader.Unreadable(parser, e, templatePath, "the rendered output is not valid YAML: it ");
        }

        if (objects.Count == 0)
        {
            throw new RenderException(NoObject, templatePath);
        }

        CheckNames(objects, templatePath);
        return objects;
    }

    static void CheckNames(List<ManifestIdentity> objects, string templatePath)
    {
        foreach (var item in objects)
        {
            if (item.Kind != "List" && ObjectNames.Problem(item.Kind, item.Name) is { } problem)
            {
                throw new RenderException(problem, templatePath, item.Line);
            }
        }
    }

    /// <summary>No anchor, no alias, no key twice in a mapping: what the parser events say, before the objects are read.</summary>
    static void CheckNodes(string content, string templatePath)
    {
        var parser = new Parser(new StringReader(content));
        // One frame per open collection: a mapping's keys so far and whether its next node is a key; a sequence has no keys.
        var frames = new Stack<(HashSet<string>? Keys, bool AtKey)>();
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is AnchorAlias alias)
                {
                    throw new RenderException($"a rendered manifest may not use YAML aliases (*{alias.Value}): write the value out", templatePath, (int)alias.Start.Line);
                }

                if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
                {
                    throw new RenderException($"a rendered manifest may not use YAML anchors (&{anchored.Anchor}): write the value out", templatePath, (int)anchored.Start.Line);
                }

                if (current is MappingEnd or SequenceEnd)
                {
                    frames.Pop();
                    continue;
                }

                if (current is not NodeEvent node)
                {
                    continue;
                }

                if (frames.TryPeek(out var parent) && parent.Keys is not null)
                {
                    frames.Pop();
                    if (parent.AtKey && node is Scalar key && !parent.Keys.Add(key.Value))
                    {
                        throw new RenderException($"the key '{key.Value}' appears twice in one mapping", templatePath, (int)key.Start.Line);
                    }

                    frames.Push((parent.Keys, !parent.AtKey));
                }

                if (node is MappingStart)
                {
                    frames.Push(([], true));
                }
                else if (node is SequenceStart)
                {
                    frames.Push((null, false));
                }
            }
        }
        catch (Exception e) when (e is not RenderException and not OutOfMemoryException)
        {
            // Not YAML (or YAML the parser cannot read): the object check below says where and why.
        }
    }

    static ManifestIdentity CheckObject(IParser parser, string templatePath, int line)
    {
        parser.Consume<MappingStart>();
        string? apiVersion = null, kind = null, name = null, ns = null;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                parser.SkipThisAndNestedEvents();
                parser.SkipThisAndNestedEvents();
                continue;
            }

            switch (key.Value)
            {
                case "apiVersion":
                    apiVersion = ScalarText(parser);
                    break;
                case "kind":
                    kind = ScalarText(parser);
                    break;
                case "metadata" when parser.TryConsume<MappingStart>(out _):
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (parser.TryConsume<Scalar>(out var metadataKey) && metadataKey.Value == "name")
                        {
                            name = ScalarText(parser);
                        }
                        else if (metadataKey?.Value == "namespace")
                        {
                            ns = ScalarText(parser);
                        }
                        else
                        {
                            if (metadataKey is null)
                            {
                                parser.SkipThisAndNestedEvents();
                            }

                            parser.SkipThisAndNestedEvents();
                        }
                    }

                    break;
                default:
                    parser.SkipThisAndNestedEvents();
                    break;
            }
        }

        var missing = apiVersion is null ? "apiVersion" : kind is null ? "kind" : name is null ? "metadata.name" : null;
        if (missing is not null)
        {
            throw new RenderException($"a rendered {kind ?? "object"} has no {missing}", templatePath, line);
        }

        return new ManifestIdentity(apiVersion!, kind!, ns, name!, line);
    }

    static string? ScalarText(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return scalar.Value.Length == 0 || (scalar.Style == ScalarStyle.Plain && YamlValues.ResolvePlain(scalar.Value) is null) ? null : scalar.Value;
        }

        parser.SkipThisAndNestedEvents();
        return null;
    }
}
