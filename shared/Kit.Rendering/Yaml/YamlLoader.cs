using Kit.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Rendering.Yaml;

/// <summary>
/// Parses YAML into plain values (ordered maps, lists, strings, numbers, booleans, null) with js-yaml's
/// scalar rules. Aliases are shared, not copied, and their expansion is bounded, so an alias bomb is an
/// error with its line instead of an out-of-memory crash.
/// </summary>
public static class YamlLoader
{
    /// <summary>The most nodes one file may expand to through aliases.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Parses a file that must hold one document (an empty file is null).</summary>
    public static object? LoadSingle(string text, string file)
    {
        var documents = LoadAll(text, file);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0].Value,
            _ => throw new RenderException("expected one YAML document, found " + documents.Count, file, documents[1].Line),
        };
    }

    /// <summary>Parses every document of a stream, each with the line it starts on.</summary>
    public static IReadOnlyList<(object? Value, int Line)> LoadAll(string text, string file)
    {
        if (BlockYaml.TryLoadAll(text, out var documents))
        {
            return documents;
        }

        return LoadAllWithParser(text, file);
    }

    /// <summary>The full parser alone (what <see cref="BlockYaml"/> must agree with).</summary>
    internal static List<(object? Value, int Line)> LoadAllWithParser(string text, string file)
    {
        var parser = YamlDepth.Parser(text);
        try
        {
            return new Builder(parser, file).Documents();
        }
        catch (YamlTooDeepException e)
        {
            throw new RenderException(e.Reason, file, (int)e.Start.Line);
        }
        catch (YamlException e)
        {
            throw new RenderException("malformed YAML: " + Describe(e), file, (int)e.Start.Line);
        }
        catch (Exception e) when (e is not RenderException and not OutOfMemoryException)
        {
            throw Unreadable(parser, e, file, "malformed YAML: ");
        }
    }

    /// <summary>YamlDotNet's message without its position prefix (the line is reported separately).</summary>
    internal static string Describe(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close > 0 && message.StartsWith('(') ? message[(close + 3)..] : message;
    }

    /// <summary>
    /// YamlDotNet fails on some broken input with other exceptions than YamlException (an unclosed flow
    /// collection, a malformed tag): still a clear error, with the line it got to.
    /// </summary>
    internal static RenderException Unreadable(IParser parser, Exception e, string file, string prefix)
    {
        var line = (int)(parser.Current?.End.Line ?? 1);
        var why = e is ArgumentException argument ? argument.Message.Replace($" (Parameter '{argument.ParamName}')", "") : "an unclosed [ or {?";
        return new RenderException($"{prefix}cannot be read after line {line} ({why})", file, line);
    }

    sealed class Builder(IParser parser, string file)
    {
        readonly Dictionary<string, (object? Value, int Size)> anchors = [];
        int nodes;

        public List<(object? Value, int Line)> Documents()
        {
            var documents = new List<(object?, int)>();
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                anchors.Clear();
                nodes = 0;
                var (value, _) = Node(0);
                parser.Consume<DocumentEnd>();
                documents.Add((value, (int)start.Start.Line));
            }

            parser.Consume<StreamEnd>();
            return documents;
        }

        // The parser stops nesting deeper than YamlDepth.Max, so this recursion is bounded.
        (object? Value, int Size) Node(int depth)
        {
            var current = parser.Current ?? throw new RenderException("unexpected end of YAML", file);
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new RenderException($"unknown alias *{alias.Value.Value}", file, (int)alias.Start.Line);
                    }

                    Count(target.Size, alias);
                    return target;
                case Scalar scalar:
                    parser.MoveNext();
                    Count(1, scalar);
                    return Remember(scalar.Anchor, (ScalarValue(scalar), 1));
                case SequenceStart sequence:
                {
                    parser.MoveNext();
                    var list = new List<object?>();
                    var size = 1;
                    Count(1, sequence);
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        var (item, itemSize) = Node(depth + 1);
                        list.Add(item);
                        size += itemSize;
                    }

                    return Remember(sequence.Anchor, (list, size));
                }

                case MappingStart mapping:
                {
                    parser.MoveNext();
                    var map = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                    var merges = new List<object?>();
                    var size = 1;
                    Count(1, mapping);
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = parser.Current!;
                        var (key, _) = Node(depth + 1);
                        var (value, valueSize) = Node(depth + 1);
                        size += valueSize + 1;
                        if (keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain })
                        {
                            merges.Add(value);
                            continue;
                        }

                        if (key is IDictionary<string, object?> or List<object?>)
                        {
                            throw new RenderException("complex mapping keys are not supported", file, (int)keyEvent.Start.Line);
                        }

                        var name = JsValues.ToJsString(key);
                        if (!map.TryAdd(name, value))
                        {
                            throw new RenderException($"duplicated mapping key '{name}'", file, (int)keyEvent.Start.Line);
                        }
                    }

                    foreach (var merge in merges)
                    {
                        foreach (var source in merge is List<object?> many ? many : [merge])
                        {
                            if (source is not OrderedDictionary<string, object?> from)
                            {
                                throw new RenderException("a merge key (<<) must refer to a mapping", file, (int)mapping.Start.Line);
                            }

                            foreach (var (k, v) in from)
                            {
                                map.TryAdd(k, v);
                            }
                        }
                    }

                    return Remember(mapping.Anchor, (map, size));
                }

                default:
                    throw new RenderException($"unexpected YAML event {current.GetType().Name}", file, (int)current.Start.Line);
            }
        }

        (object? Value, int Size) Remember(AnchorName anchor, (object? Value, int Size) node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return node;
        }

        void Count(int size, ParsingEvent at)
        {
            nodes += size;
            if (nodes > MaxNodes)
            {
                throw new RenderException(
                    $"the YAML expands to more than {MaxNodes} nodes through aliases (an alias bomb?); refusing to load it",
                    file,
                    (int)at.Start.Line);
            }
        }

        static object? ScalarValue(Scalar scalar)
        {
            if (scalar.Style != ScalarStyle.Plain)
            {
                return scalar.Value;
            }

            return scalar.Tag.IsEmpty || scalar.Tag.Value == "!" ? YamlValues.ResolvePlain(scalar.Value)
                : scalar.Tag.Value is "tag:yaml.org,2002:str" ? scalar.Value
                : YamlValues.ResolvePlain(scalar.Value);
        }
    }
}
