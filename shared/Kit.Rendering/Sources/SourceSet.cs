namespace Kit.Rendering.Sources;

/// <summary>
/// The sources one render reads, prepared (fetched) before it starts by <see cref="SourceFetcher"/>: the renderer
/// itself never touches the network. Dispose it after the render: it holds the sources' repositories open.
/// </summary>
public sealed class SourceSet : IDisposable
{
    readonly Dictionary<string, SourceCheckout> checkouts;
    readonly List<IDisposable> owned;

    internal SourceSet(IEnumerable<SourceCheckout> checkouts, List<IDisposable> owned)
    {
        this.checkouts = checkouts.ToDictionary(c => c.Name, StringComparer.Ordinal);
        this.owned = owned;
    }

    /// <summary>No source prepared: every source <c>kit.yaml</c> lists fails as not fetched.</summary>
    public static SourceSet None { get; } = new([], []);

    /// <summary>The <c>--source NAME=PATH</c> names that <c>kit.yaml</c> does not list.</summary>
    public IReadOnlyList<string> UnknownLocalCopies { get; init; } = [];

    /// <summary>Each source's revision rendered (a commit sha, or the local folder), by name; failed ones are absent.</summary>
    public IReadOnlyDictionary<string, string> Revisions =>
        checkouts.Values.Where(c => c.Tree is not null).ToDictionary(c => c.Name, c => c.Tree!.Revision, StringComparer.Ordinal);

    internal SourceCheckout Find(string name) =>
        checkouts.TryGetValue(name, out var checkout) ? checkout : new SourceCheckout(name, null, $"source '{name}' was not fetched");

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }

        owned.Clear();
    }
}
