using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Manifests;

/// <summary>
/// The documents of a rendered file, parsed once per text: the same file usually reaches many clusters, and
/// parsing YAML costs far more than sharing the parsed objects. Every set parsed from one text shares its nodes,
/// which nobody changes (<see cref="ManifestObject.Body"/>); a text that does not parse is never kept, so its
/// error is raised again.
/// </summary>
static class ParsedDocuments
{
    /// <summary>
    /// Texts kept at most; the whole cache starts over past it. The texts many clusters share are a commit's few
    /// files rendered without per-cluster values; a text each cluster renders differently gains nothing here, and
    /// 4,096 such parsed texts held 160 MB more at the reconcile benchmark's peak.
    /// </summary>
    const int Limit = 256;

    static readonly ConcurrentDictionary<string, IReadOnlyList<(JsonNode Node, int Line)>> Parsed = new(StringComparer.Ordinal);

    public static IReadOnlyList<(JsonNode Node, int Line)> Of(string yaml)
    {
        if (!Parsed.TryGetValue(yaml, out var documents))
        {
            documents = YamlJson.Documents(yaml);
            if (Parsed.Count >= Limit)
            {
                Parsed.Clear();
            }

            // Two parses of one text at once keep the first: the sets of both share its nodes from now on.
            documents = Parsed.GetOrAdd(yaml, documents);
        }

        return documents;
    }
}
