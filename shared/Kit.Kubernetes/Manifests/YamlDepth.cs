using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kit.Kubernetes.Manifests;

/// <summary>
/// The deepest nesting of mappings and sequences the deployer reads from YAML (manifests, kubeconfigs): the
/// renderer's limit (Kit.Git's YamlDepth, which this library does not reference). YamlDotNet's object model
/// and deserializer recurse once per level, so thousands of nested <c>[</c> would overflow the stack and
/// end the process instead of failing one file.
/// </summary>
internal static class YamlDepth
{
    public const int Max = 100;

    public static string Reason => $"YAML nested deeper than {Max} levels (kit's limit)";

    /// <summary>A parser over <paramref name="text"/> that throws a <see cref="YamlException"/> past <see cref="Max"/> levels.</summary>
    public static IParser Parser(string text) => new Limited(new Parser(new StringReader(text)));

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
                    throw new YamlException(inner.Current.Start, inner.Current.End, Reason);
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }

            return true;
        }
    }
}
