using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Kit.Rendering.Yaml;

/// <summary>
/// A fast reader for the plain block YAML that kit repositories are written in and templates render:
/// block mappings and sequences, one-line plain and quoted scalars, <c>[]</c> and <c>{}</c>, comments,
/// <c>---</c> between documents. It answers only when it is sure: for anything else (flow collections,
/// anchors, tags, block or multi-line scalars, odd indentation, duplicated keys, any error) it returns
/// false and the caller uses the full YAML parser, which also words the errors. Values are those the
/// full parser gives (<see cref="YamlLoader"/>): the same scalar rules, maps and lists.
/// </summary>
public static class BlockYaml
{
    // What the full parser would count as too deep or too big: leave those (and what comes near) to it, with its messages.
    const int MaxDepth = Kit.Yaml.YamlDepth.Max / 2;
    const int MaxNodes = YamlLoader.MaxNodes / 2;
    const int MaxKeyLength = 1000;

    static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/");

    static readonly SearchValues<char> PlainStops = SearchValues.Create(":#");

    /// <summary>Every document of <paramref name="text"/> with the line it starts on, or false when the full parser must decide.</summary>
    public static bool TryLoadAll(string text, [NotNullWhen(true)] out List<(object? Value, int Line)>? documents) =>
        new Reader(text, build: true).TryDocuments(out documents);

    /// <summary>
    /// True when <paramref name="text"/> certainly is what <see cref="ManifestValidator"/> accepts: valid YAML
    /// whose documents are Kubernetes objects with apiVersion, kind and metadata.name (or empty), at least one.
    /// False means "not sure": the full check decides. Builds no values: it runs for every rendered file.
    /// </summary>
    public static bool IsManifest(string text) => TryManifest(text, out _);

    /// <summary>
    /// <see cref="IsManifest"/> that also says which objects the documents are (apiVersion, kind, namespace,
    /// name, line), for the checks across a cluster's files; false when the full check must decide.
    /// </summary>
    public static bool TryManifest(string text, [NotNullWhen(true)] out List<ManifestIdentity>? objects)
    {
        var reader = new Reader(text, build: false);
        objects = reader.TryDocuments(out _) ? reader.Identities : null;
        return objects is not null;
    }

    /// <summary>What the last node read was, for the manifest check.</summary>
    enum Node
    {
        Empty,
        Scalar,
        Present,  // a scalar as ManifestValidator counts a field: not empty, not a plain null
        Mapping,
        Other,
    }

    /// <summary>The mappings the manifest check looks into.</summary>
    enum Role
    {
        None,
        Object,
        Metadata,
    }

    /// <summary>The fields the manifest check needs.</summary>
    enum Field
    {
        None,
        ApiVersion,
        Kind,
        Metadata,
        Name,
        Namespace,
    }

    struct Line
    {
        public int Start;   // first character of the content (after indentation, or after "- " in a compact entry)
        public int End;     // end of the content, line break excluded
        public int Column;  // column of Start
        public int Number;  // 1-based
        public bool DocumentStart;
    }

    /// <summary>
    /// Reads the documents. With <c>build</c> it makes the values; without, it makes none and checks instead
    /// that each document is a Kubernetes object (apiVersion, kind, metadata.name; each at most once).
    /// </summary>
    sealed class Reader(string text, bool build)
    {
        Line[] lines = [];
        int count;
        int i;
        int nodes;
        Node last;
        bool apiVersion, kind, metadata, name, apiVersionSeen, kindSeen, metadataSeen, nameSeen, namespaceSeen;

        // Where the last scalar's text is (quotes excluded), -1 when it is not the text as written (escapes).
        int scalarStart, scalarEnd;
        (int Start, int End) apiVersionText, kindText, nameText, namespaceText;

        // The keys of the mappings being read, to find a duplicated key; a mapping with more leaves it to the full parser.
        const int MaxKeys = 64;
        (int Start, int Length)[] keys = [];
        int keyCount;

        public List<ManifestIdentity> Identities { get; } = [];

        // The hot paths of a render are compiled optimized at once: a render is one burst of work, and
        // tiered compilation would run them unoptimized first (kit render of 1,000 clusters: about 8 % faster).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryDocuments([NotNullWhen(true)] out List<(object? Value, int Line)>? documents)
        {
            documents = null;
            lines = ArrayPool<Line>.Shared.Rent(16);
            try
            {
                if (!Split())
                {
                    return false;
                }

                var found = build ? new List<(object?, int)>(1) : null;
                var objects = 0;
                var marker = 0;
                while (true)
                {
                    if (i == count)
                    {
                        if (marker > 0)
                        {
                            found?.Add((null, marker));
                        }

                        break;
                    }

                    if (lines[i].DocumentStart)
                    {
                        if (marker > 0)
                        {
                            found?.Add((null, marker));
                        }

                        marker = lines[i].Number;
                        i++;
                        continue;
                    }

                    var start = marker > 0 ? marker : lines[i].Number;
                    apiVersion = kind = metadata = name = apiVersionSeen = kindSeen = metadataSeen = nameSeen = namespaceSeen = false;
                    namespaceText = (-1, -1);
                    if (lines[i].Column != 0 || !Block(0, Role.Object, out var value) || (i < count && !lines[i].DocumentStart))
                    {
                        return false;
                    }

                    if (!build && (last != Node.Mapping || !apiVersion || !kind || !metadata || !name))
                    {
                        return false;
                    }

                    if (!build)
                    {
                        Identities.Add(new ManifestIdentity(Text(apiVersionText), Text(kindText), namespaceText.Start < 0 ? null : Text(namespaceText), Text(nameText), start));
                    }

                    found?.Add((value, start));
                    objects++;
                    marker = 0;
                }

                documents = found;
                return build || objects > 0;
            }
            finally
            {
                ArrayPool<Line>.Shared.Return(lines);
            }
        }

        string Text((int Start, int End) span) => text[span.Start..span.End];

        /// <summary>Finds the lines that carry content; false on characters or markers this reader leaves to the full parser.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Split()
        {
            var position = 0;
            var number = 0;
            while (position < text.Length)
            {
                number++;
                var newline = text.IndexOf('\n', position);
                var next = newline < 0 ? text.Length : newline + 1;
                var end = newline < 0 ? text.Length : newline;
                if (end > position && text[end - 1] == '\r')
                {
                    end--;
                }

                var content = text.AsSpan(position, end - position);
                // Tabs, other control characters, and anything outside ASCII (BOM, other line breaks): the full parser.
                if (content.ContainsAnyExceptInRange(' ', '~'))
                {
                    return false;
                }

                var indent = content.IndexOfAnyExcept(' ');
                if (indent >= 0 && content[indent] != '#')
                {
                    var documentStart = false;
                    if (indent == 0)
                    {
                        if (content.StartsWith("---") && content[3..].IndexOfAnyExcept(' ') < 0)
                        {
                            documentStart = true;
                        }
                        else if (content[0] == '%' || content.StartsWith("...") || content.StartsWith("---"))
                        {
                            return false;
                        }
                    }

                    if (count == lines.Length)
                    {
                        var larger = ArrayPool<Line>.Shared.Rent(count * 2);
                        lines.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<Line>.Shared.Return(lines);
                        lines = larger;
                    }

                    lines[count++] = new Line { Start = position + indent, End = end, Column = indent, Number = number, DocumentStart = documentStart };
                }

                position = next;
            }

            return true;
        }

        /// <summary>The node that starts at line i: a sequence, a mapping or a scalar alone on its line.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Block(int depth, Role role, out object? value)
        {
            value = null;
            if (depth > MaxDepth || ++nodes > MaxNodes)
            {
                return false;
            }

            if (IsEntry(lines[i]))
            {
                return Sequence(lines[i].Column, depth, out value);
            }

            if (Key(lines[i], out _, out _))
            {
                return Mapping(lines[i].Column, depth, role, out value);
            }

            var line = lines[i++];
            return Scalar(line.Start, line.End, out value);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Mapping(int column, int depth, Role role, out object? value)
        {
            value = null;
            var map = build ? new OrderedDictionary<string, object?>(StringComparer.Ordinal) : null;
            var first = keyCount;
            try
            {
                return MappingEntries(column, depth, role, map, first, out value);
            }
            finally
            {
                keyCount = first;
            }
        }

        /// <summary>A key not yet in this mapping (its keys are from <paramref name="first"/> on); false for a duplicate or too many.</summary>
        bool NewKey(int first, int start, int length)
        {
            if (keyCount - first >= MaxKeys)
            {
                return false;
            }

            var key = text.AsSpan(start, length);
            for (var k = first; k < keyCount; k++)
            {
                if (keys[k].Length == length && text.AsSpan(keys[k].Start, length).SequenceEqual(key))
                {
                    return false;
                }
            }

            if (keyCount == keys.Length)
            {
                Array.Resize(ref keys, Math.Max(16, keys.Length * 2));
            }

            keys[keyCount++] = (start, length);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool MappingEntries(int column, int depth, Role role, OrderedDictionary<string, object?>? map, int first, out object? value)
        {
            value = null;
            while (i < count && !lines[i].DocumentStart && lines[i].Column >= column)
            {
                var line = lines[i];
                if (line.Column > column || !Key(line, out var keyEnd, out var valueStart) || ++nodes > MaxNodes)
                {
                    return false;
                }

                var key = text.AsSpan(line.Start, keyEnd - line.Start);
                var field = build ? Field.None
                    : role == Role.Object && key.SequenceEqual("apiVersion") ? Field.ApiVersion
                    : role == Role.Object && key.SequenceEqual("kind") ? Field.Kind
                    : role == Role.Object && key.SequenceEqual("metadata") ? Field.Metadata
                    : role == Role.Metadata && key.SequenceEqual("name") ? Field.Name
                    : role == Role.Metadata && key.SequenceEqual("namespace") ? Field.Namespace
                    : Field.None;
                if (!build && !NewKey(first, line.Start, keyEnd - line.Start))
                {
                    return false;
                }

                i++;
                object? item = null;
                if (valueStart < line.End)
                {
                    if (!Scalar(valueStart, line.End, out item))
                    {
                        return false;
                    }
                }
                else if (i < count && !lines[i].DocumentStart
                    && (lines[i].Column > column || (lines[i].Column == column && IsEntry(lines[i]))))
                {
                    if (!Block(depth + 1, field == Field.Metadata ? Role.Metadata : Role.None, out item))
                    {
                        return false;
                    }
                }
                else
                {
                    last = Node.Empty;
                }

                if (map is not null && !map.TryAdd(JsValues.ToJsString(YamlValues.ResolvePlain(key.ToString())), item))
                {
                    return false;
                }

                if (field != Field.None && !Found(field))
                {
                    return false;
                }
            }

            last = Node.Mapping;
            value = map;
            return true;
        }

        /// <summary>Notes a field the manifest check needs; false when it is there twice (the full check decides).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Found(Field field) => field switch
        {
            Field.ApiVersion => Note(ref apiVersionSeen, ref apiVersion, last == Node.Present) && Keep(ref apiVersionText, apiVersion),
            Field.Kind => Note(ref kindSeen, ref kind, last == Node.Present) && Keep(ref kindText, kind),
            Field.Name => Note(ref nameSeen, ref name, last == Node.Present) && Keep(ref nameText, name),
            Field.Namespace => NoteNamespace(),

            // metadata.name was noted while its mapping was read; a metadata that is no mapping has none.
            _ => Note(ref metadataSeen, ref metadata, last == Node.Mapping),
        };

        /// <summary>metadata.namespace: once, plain text or nothing (an empty string or a null is left to the full check).</summary>
        bool NoteNamespace()
        {
            if (namespaceSeen || last is not (Node.Present or Node.Empty))
            {
                return false;
            }

            namespaceSeen = true;
            return Keep(ref namespaceText, last == Node.Present);
        }

        /// <summary>Keeps the text of a field just read; false when it is not plain text (the full check decides).</summary>
        bool Keep(ref (int Start, int End) span, bool present)
        {
            span = present ? (scalarStart, scalarEnd) : (-1, -1);
            return !present || scalarStart >= 0;
        }

        static bool Note(ref bool seen, ref bool value, bool now)
        {
            if (seen)
            {
                return false;
            }

            seen = true;
            value = now;
            return true;
        }

        bool Sequence(int column, int depth, out object? value)
        {
            value = null;
            var list = build ? new List<object?>() : null;
            while (i < count && !lines[i].DocumentStart && lines[i].Column >= column)
            {
                ref var line = ref lines[i];
                if (line.Column > column)
                {
                    return false;
                }

                if (!IsEntry(line))
                {
                    // The next key of a mapping that holds this sequence at its own indentation.
                    break;
                }

                var content = line.Start + 1;
                while (content < line.End && text[content] == ' ')
                {
                    content++;
                }

                object? item = null;
                if (content == line.End)
                {
                    i++;
                    if (i < count && !lines[i].DocumentStart && lines[i].Column > column && !Block(depth + 1, Role.None, out item))
                    {
                        return false;
                    }
                }
                else
                {
                    // "- key: value" opens a mapping at the key's column: read the rest of the line as that line.
                    line.Column += content - line.Start;
                    line.Start = content;
                    if (IsEntry(line) || !Block(depth + 1, Role.None, out item))
                    {
                        return false;
                    }
                }

                list?.Add(item);
            }

            last = Node.Other;
            value = list;
            return true;
        }

        /// <summary>A block sequence entry: "-" followed by a space or the end of the line.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool IsEntry(in Line line) => text[line.Start] == '-' && (line.Start + 1 == line.End || text[line.Start + 1] == ' ');

        /// <summary>A plain key of the usual characters followed by ": " or ":" at the end of the line.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Key(in Line line, out int keyEnd, out int valueStart)
        {
            valueStart = 0;
            var rest = text.AsSpan(line.Start, line.End - line.Start);
            var length = rest.IndexOfAnyExcept(KeyChars);
            keyEnd = line.Start + length;
            if (length <= 0 || length > MaxKeyLength || rest[0] == '-' || rest[length] != ':'
                || (length + 1 < rest.Length && rest[length + 1] != ' '))
            {
                return false;
            }

            valueStart = keyEnd + 1;
            while (valueStart < line.End && text[valueStart] == ' ')
            {
                valueStart++;
            }

            return true;
        }

        /// <summary>A scalar, <c>[]</c> or <c>{}</c> from start to the end of its line, with an optional comment.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool Scalar(int start, int end, out object? value)
        {
            value = null;
            if (++nodes > MaxNodes)
            {
                return false;
            }

            var first = text[start];
            switch (first)
            {
                case '\'':
                    return SingleQuoted(start, end, out value);
                case '"':
                    return DoubleQuoted(start, end, out value);
                case '[' or '{':
                    if (start + 1 < end && text[start + 1] == (first == '[' ? ']' : '}') && OnlyComment(start + 2, end))
                    {
                        value = !build ? null : first == '[' ? new List<object?>() : new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                        last = Node.Other;
                        return true;
                    }

                    return false;
                case ',' or ']' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or ':':
                    return false;
                case '-' when start + 1 == end || text[start + 1] == ' ':
                    return false;
            }

            // A plain scalar ends at " #" (a comment); ": " or a final ':' would make it a key, which is not allowed here.
            var stop = end;
            var from = start;
            while (true)
            {
                var found = text.AsSpan(from, end - from).IndexOfAny(PlainStops);
                if (found < 0)
                {
                    break;
                }

                var at = from + found;
                if (text[at] == '#')
                {
                    if (text[at - 1] == ' ')
                    {
                        stop = at;
                        break;
                    }
                }
                else if (at + 1 == end || text[at + 1] == ' ')
                {
                    return false;
                }

                from = at + 1;
            }

            while (text[stop - 1] == ' ')
            {
                stop--;
            }

            var plain = text.AsSpan(start, stop - start);
            last = plain is "~" or "null" or "Null" or "NULL" ? Node.Scalar : Node.Present;
            (scalarStart, scalarEnd) = (start, stop);
            value = build ? YamlValues.ResolvePlain(plain.ToString()) : null;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool SingleQuoted(int start, int end, out object? value)
        {
            value = null;
            var builder = build ? new System.Text.StringBuilder() : null;
            var at = start + 1;
            var escaped = false;
            while (true)
            {
                var quote = text.IndexOf('\'', at, end - at);
                if (quote < 0)
                {
                    return false;
                }

                builder?.Append(text, at, quote - at);
                if (quote + 1 < end && text[quote + 1] == '\'')
                {
                    builder?.Append('\'');
                    at = quote + 2;
                    escaped = true;
                    continue;
                }

                if (!OnlyComment(quote + 1, end))
                {
                    return false;
                }

                (scalarStart, scalarEnd) = escaped ? (-1, -1) : (start + 1, quote);
                last = quote > start + 1 ? Node.Present : Node.Scalar;
                value = builder?.ToString();
                return true;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool DoubleQuoted(int start, int end, out object? value)
        {
            value = null;
            var builder = build ? new System.Text.StringBuilder() : null;
            var escapes = false;
            for (var at = start + 1; at < end; at++)
            {
                var c = text[at];
                if (c == '"')
                {
                    if (!OnlyComment(at + 1, end))
                    {
                        return false;
                    }

                    (scalarStart, scalarEnd) = escapes ? (-1, -1) : (start + 1, at);
                    last = at > start + 1 ? Node.Present : Node.Scalar;
                    value = builder?.ToString();
                    return true;
                }

                if (c == '\\')
                {
                    escapes = true;
                    if (++at == end)
                    {
                        return false;
                    }

                    char? escaped = text[at] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        '/' => '/',
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        _ => null,
                    };
                    if (escaped is null)
                    {
                        return false;
                    }

                    c = escaped.Value;
                }

                builder?.Append(c);
            }

            return false;
        }

        /// <summary>Nothing after a value but spaces and a comment that a space sets apart.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        bool OnlyComment(int at, int end)
        {
            var spaces = at;
            while (spaces < end && text[spaces] == ' ')
            {
                spaces++;
            }

            return spaces == end || (spaces > at && text[spaces] == '#');
        }
    }
}
