using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Yaml;

/// <summary>
/// The deepest nesting of mappings and sequences kit reads from any YAML file. Far above any real
/// manifest (a CRD's schema included), and low enough that no reader recurses into a stack overflow or
/// spends minutes on thousands of nested <c>[</c>.
/// </summary>
public static class YamlDepth
{
    public const int Max = 100;

    /// <summary>A parser over <paramref name="text"/> that throws <see cref="YamlTooDeepException"/> past <see cref="Max"/> levels.</summary>
    public static IParser Parser(string text) => new Limited(new Parser(new StringReader(text)));

    /// <summary>Passes the events on and counts the levels; the check happens as each event is read, before any deeper one is.</summary>
    sealed class Limited(IParser inner) : IParser
    {
        int depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart when ++depth > Max:
                    throw new YamlTooDeepException(inner.Current.Start, inner.Current.End);
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }

            return true;
        }
    }
}
