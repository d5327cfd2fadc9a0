using Kit.Git.Yaml;
using Kit.Rendering.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Rendering;

/// <summary>
/// Checks a rendered file before it can reach a cluster: it parses as YAML and every document is a
/// Kubernetes object with apiVersion, kind and metadata.name. This runs for every file of every cluster:
/// plain block YAML is read by <see cref="BlockYaml"/>; anything else, and every error, by parser events.
/// </summary>
public static class ManifestValidator
{
    /// <summary>Throws a <see cref="RenderException"/> naming the template and the line of the rendered output.</summary>
    public static void Validate(string content, string templatePath)
    {
        if (BlockYaml.IsManifest(content))
        {
            return;
        }

        ValidateWithParser(content, templatePath);
    }

    /// <summary>The full check alone (what <see cref="BlockYaml.IsManifest"/> must agree with).</summary>
    internal static void ValidateWithParser(string content, string templatePath)
    {
        var parser = YamlDepth.Parser(content);
        var objects = 0;
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                if (parser.Accept<MappingStart>(out _))
                {
                    CheckObject(parser, templatePath, (int)start.Start.Line);
                    objects++;
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

        if (objects == 0)
        {
            throw new RenderException("the template rendered no Kubernetes object", templatePath);
        }
    }

    static void CheckObject(IParser parser, string templatePath, int line)
    {
        parser.Consume<MappingStart>();
        string? apiVersion = null, kind = null, name = null;
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
