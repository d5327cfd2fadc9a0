using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Stubble.Core.Exceptions;
using Stubble.Core.Parser;
using Stubble.Core.Tokens;

namespace Kit.Rendering.Templates;

/// <summary>
/// A Mustache template parsed by Stubble (spec tags, standalone lines, set delimiters) and rendered with
/// mustache.js 2.2.1's rules, which kit repositories rely on and Stubble's own renderer does not follow:
/// a missing dotted name keeps looking in outer contexts, "0" and "false" strings are true, values
/// print as JavaScript prints them and <c>{{x}}</c> escapes <c>&amp; &lt; &gt; " ' / ` =</c>.
/// </summary>
public sealed partial class MustacheTemplate : ITemplate
{
    readonly Node[] nodes;
    readonly int maxOutputBytes;

    MustacheTemplate(string path, Node[] nodes, int maxOutputBytes)
    {
        Path = path;
        this.nodes = nodes;
        this.maxOutputBytes = maxOutputBytes;
    }

    public string Path { get; }

    /// <summary>Parses a template whose renders may be at most <paramref name="maxOutputBytes"/> UTF-8 bytes.</summary>
    public static MustacheTemplate Parse(string path, string text, int maxOutputBytes = RenderingSettings.DefaultMaxOutputBytes)
    {
        MustacheTemplate parsed;
        try
        {
            parsed = new MustacheTemplate(path, Compile(new InstanceMustacheParser().Parse(text, null, 0, null).Children), maxOutputBytes);
        }
        catch (StubbleException e)
        {
            var (message, line) = Locate(e.Message, text);
            throw new RenderException("Mustache syntax error: " + message, path, line);
        }

        return parsed;
    }

    /// <summary>Stubble says where as a character offset ("Unclosed Tag at 812"); people and editors need a line and column.</summary>
    static (string Message, int? Line) Locate(string message, string text)
    {
        var match = StubbleOffset().Match(message);
        if (!match.Success || !int.TryParse(match.Groups["offset"].ValueSpan, out var offset) || offset > text.Length)
        {
            return (message, null);
        }

        // An unclosed section is noticed at the end of the template: point at the tag that opened it.
        if (UnclosedSection().Match(message) is { Success: true } unclosed
            && Regex.Matches(text[..offset], @"\{\{\s*[#^]\s*" + Regex.Escape(unclosed.Groups["name"].Value) + @"\s*\}\}") is { Count: > 0 } openings)
        {
            offset = openings[^1].Index;
        }

        var line = 1 + text.AsSpan(0, offset).Count('\n');
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var located = message[..match.Index] + $" at column {offset - lineStart + 1}" + message[(match.Index + match.Length)..];
        return (located, line);
    }

    [GeneratedRegex(@"^Unclosed Block '(?<name>[^']+)'")]
    private static partial Regex UnclosedSection();

    [GeneratedRegex(@" at (?<offset>\d+)\b")]
    private static partial Regex StubbleOffset();

    // One buffer per thread: a render of 1,000 clusters renders tens of thousands of files.
    [ThreadStatic]
    static StringBuilder? buffer;

    public string Render(IReadOnlyDictionary<string, object?> data, CancellationToken cancellationToken = default)
    {
        var output = buffer ??= new StringBuilder(4096);
        output.Clear();
        try
        {
            // Characters are never more than UTF-8 bytes: rendering stops as soon as the count passes the limit.
            Render(nodes, new Scope(data, null), output, maxOutputBytes, cancellationToken);
            var text = output.ToString();
            OutputLimit.Check(text, Path, maxOutputBytes);
            return text;
        }
        catch (OutputTooLargeException)
        {
            throw OutputLimit.Exceeded(Path, maxOutputBytes);
        }
        finally
        {
            if (output.Capacity > 1 << 20)
            {
                // Keep no huge buffer alive after one huge file.
                buffer = null;
            }
        }
    }

    // The hot paths of a render are compiled optimized at once: a render is one burst of work, and
    // tiered compilation would run them unoptimized first (kit render of 1,000 clusters: about 8 % faster).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Render(Node[] nodes, Scope scope, StringBuilder output, int max, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            if (output.Length > max)
            {
                throw new OutputTooLargeException();
            }

            switch (node)
            {
                case Text text:
                    output.Append(text.Value);
                    break;
                case Variable variable:
                {
                    var value = scope.Lookup(variable.Name, variable.Parts);
                    if (value is null)
                    {
                        break;
                    }

                    if (variable.Indent > 0)
                    {
                        output.Append(' ', variable.Indent);
                    }

                    var printed = JsValues.ToJsString(value);
                    if (variable.Escape)
                    {
                        JsValues.AppendEscaped(output, printed);
                    }
                    else
                    {
                        output.Append(printed);
                    }

                    break;
                }

                case Section { Inverted: false } section:
                {
                    var value = scope.Lookup(section.Name, section.Parts);
                    if (!JsValues.IsTruthy(value))
                    {
                        break;
                    }

                    if (value is List<object?> list)
                    {
                        // Only lists multiply the work (nested sections over lists grow as a power): stop here when told.
                        foreach (var item in list)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            Render(section.Children, new Scope(item, scope), output, max, cancellationToken);
                        }
                    }
                    else if (value is bool)
                    {
                        Render(section.Children, scope, output, max, cancellationToken);
                    }
                    else
                    {
                        Render(section.Children, new Scope(value, scope), output, max, cancellationToken);
                    }

                    break;
                }

                case Section section:
                {
                    var value = scope.Lookup(section.Name, section.Parts);
                    if (!JsValues.IsTruthy(value) || value is List<object?> { Count: 0 })
                    {
                        Render(section.Children, scope, output, max, cancellationToken);
                    }

                    break;
                }
            }
        }
    }

    static Node[] Compile(List<MustacheToken> tokens)
    {
        var result = new List<Node>(tokens.Count);
        foreach (var token in tokens)
        {
            switch (token)
            {
                case LiteralToken literal:
                    var text = string.Concat(literal.Content.Select(slice => slice.ToString()));
                    if (result.Count > 0 && result[^1] is Text previous)
                    {
                        result[^1] = new Text(previous.Value + text);
                    }
                    else
                    {
                        result.Add(new Text(text));
                    }

                    break;
                case InterpolationToken interpolation:
                    var name = interpolation.Content.ToString().Trim();
                    result.Add(new Variable(name, Split(name), interpolation.EscapeResult, interpolation.Indent));
                    break;
                case SectionToken section:
                    result.Add(new Section(section.SectionName.Trim(), Split(section.SectionName.Trim()), false, Compile(section.Children)));
                    break;
                case InvertedSectionToken inverted:
                    result.Add(new Section(inverted.SectionName.Trim(), Split(inverted.SectionName.Trim()), true, Compile(inverted.Children)));
                    break;

                // Comments, delimiter changes and partials render nothing: kit passed no partials.
            }
        }

        return [.. result];
    }

    static string[]? Split(string name) => name.IndexOf('.') > 0 ? name.Split('.') : null;

    /// <summary>Unwinds a render that passed the limit; turned into a <see cref="RenderException"/> naming the template.</summary>
    sealed class OutputTooLargeException : Exception;

    abstract record Node;

    sealed record Text(string Value) : Node;

    sealed record Variable(string Name, string[]? Parts, bool Escape, int Indent) : Node;

    sealed record Section(string Name, string[]? Parts, bool Inverted, Node[] Children) : Node;

    /// <summary>mustache.js's Context: a view and its parent.</summary>
    sealed class Scope(object? view, Scope? parent)
    {
        readonly object? view = view;
        readonly Scope? parent = parent;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public object? Lookup(string name, string[]? parts)
        {
            if (name == ".")
            {
                return view;
            }

            for (var scope = this; scope is not null; scope = scope.parent)
            {
                if (parts is null)
                {
                    if (TryGet(scope.view, name, out var found))
                    {
                        return found;
                    }

                    continue;
                }

                // A dotted name counts as found only when its last part exists; otherwise look outward.
                var value = scope.view;
                for (var i = 0; i < parts.Length && value is not null; i++)
                {
                    if (!TryGet(value, parts[i], out var next))
                    {
                        value = null;
                        break;
                    }

                    if (i == parts.Length - 1)
                    {
                        return next;
                    }

                    value = next;
                }
            }

            return null;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static bool TryGet(object? view, string key, out object? value)
        {
            switch (view)
            {
                case IReadOnlyDictionary<string, object?> map:
                    return map.TryGetValue(key, out value);
                case List<object?> list:
                    if (key == "length")
                    {
                        value = (long)list.Count;
                        return true;
                    }

                    if (int.TryParse(key, out var index) && index >= 0 && index < list.Count)
                    {
                        value = list[index];
                        return true;
                    }

                    break;
            }

            value = null;
            return false;
        }
    }
}
