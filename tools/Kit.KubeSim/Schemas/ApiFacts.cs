namespace Kit.KubeSim.Schemas;

/// <summary>
/// The facts the Go API definitions state and the generated C# models lose: list and map semantics, patch
/// strategies, required fields, literal defaults, Go type names and doc comments (list-facts.tsv and descriptions.tsv, made by
/// list-facts.py from k8s.io/api and k8s.io/apimachinery).
/// </summary>
sealed class ApiFacts
{
    /// <summary>One field's facts; Element is the OpenAPI definition name of its (element) type, when named.</summary>
    public sealed record Field(string Element, string ListType, string[] ListMapKeys, string MapType, string PatchStrategy, string PatchMergeKey, bool Required, string Default);

    readonly Dictionary<string, Dictionary<string, Field>> fields = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<string>> inlined = new(StringComparer.Ordinal);
    readonly HashSet<string> definitions = new(StringComparer.Ordinal);
    readonly HashSet<string> atomicStructs = new(StringComparer.Ordinal);
    readonly Dictionary<string, string?> bySimpleName = new(StringComparer.Ordinal);
    readonly Dictionary<(string Definition, string Field), string> descriptions = [];

    ApiFacts()
    {
        foreach (var cells in Rows("list-facts.tsv"))
        {
            var (definition, name) = (cells[0], cells[1]);
            AddDefinition(definition);
            if (name == "*inline")
            {
                Inlined(definition).Add(cells[2]);
            }
            else if (name.Length == 0)
            {
                atomicStructs.Add(definition);
            }
            else
            {
                var keys = cells[4].Length == 0 ? [] : cells[4].Split(',');
                Fields(definition)[name] = new Field(cells[2], cells[3], keys, cells[5], cells[6], cells[7], cells[8] == "1", cells[9]);
            }
        }

        foreach (var cells in Rows("descriptions.tsv"))
        {
            descriptions[(cells[0], cells[1])] = cells[2].Replace("\\n", "\n", StringComparison.Ordinal);
        }
    }

    public static ApiFacts Instance { get; } = new();

    /// <summary>A field's facts, looking through inlined structs (Volume inlines VolumeSource).</summary>
    public Field? For(string definition, string field)
    {
        if (fields.TryGetValue(definition, out var map) && map.TryGetValue(field, out var found))
        {
            return found;
        }

        return inlined.TryGetValue(definition, out var inner) ? inner.Select(i => For(i, field)).FirstOrDefault(f => f is not null) : null;
    }

    public bool IsAtomicStruct(string definition) => atomicStructs.Contains(definition);

    /// <summary>The fields a definition requires, inlined structs included.</summary>
    public IEnumerable<string> Required(string definition) =>
        (fields.TryGetValue(definition, out var map) ? map.Where(f => f.Value.Required).Select(f => f.Key) : [])
            .Concat(inlined.TryGetValue(definition, out var inner) ? inner.SelectMany(Required) : []);

    /// <summary>The definition whose Go type has this name, when exactly one package defines it.</summary>
    public string? BySimpleName(string name) => bySimpleName.GetValueOrDefault(name);

    public string? Description(string definition, string field)
    {
        if (descriptions.TryGetValue((definition, field), out var text))
        {
            return text;
        }

        return field.Length > 0 && inlined.TryGetValue(definition, out var inner) ? inner.Select(i => Description(i, field)).FirstOrDefault(d => d is not null) : null;
    }

    /// <summary>Whether the Go sources define this type.</summary>
    public bool Knows(string definition) => definitions.Contains(definition);

    void AddDefinition(string definition)
    {
        if (!definitions.Add(definition))
        {
            return;
        }

        var simple = definition[(definition.LastIndexOf('.') + 1)..];
        if (bySimpleName.ContainsKey(simple))
        {
            bySimpleName[simple] = null;
        }
        else
        {
            bySimpleName[simple] = definition;
        }
    }

    Dictionary<string, Field> Fields(string definition) =>
        fields.TryGetValue(definition, out var map) ? map : fields[definition] = new(StringComparer.Ordinal);

    List<string> Inlined(string definition) =>
        inlined.TryGetValue(definition, out var list) ? list : inlined[definition] = [];

    static IEnumerable<string[]> Rows(string resource)
    {
        using var stream = typeof(ApiFacts).Assembly.GetManifestResourceStream($"Kit.KubeSim.Schemas.{resource}")
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line.Split('\t');
            }
        }
    }
}
