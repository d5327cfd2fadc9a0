using Kit.Harness;
using Kit.Testing;

namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>What a bad-input case runs against: the sample repository, deployed to its simulated clusters, and a scratch folder.</summary>
sealed class BadInputWorld(Pipeline pipeline, TempDirectory work) : IAsyncDisposable
{
    readonly List<IAsyncDisposable> owned = [];

    public Pipeline Pipeline { get; } = pipeline;

    /// <summary>A scratch folder of the case's own, <c>{work}</c> in the command line.</summary>
    public string Work => work.Path;

    public string Kubeconfigs => Pipeline.Kubeconfigs;

    public string FirstCluster => Pipeline.ClusterNames[0];

    /// <summary>Commits files to the deployments branch; null deletes a file.</summary>
    public void Commit(IReadOnlyDictionary<string, byte[]?> files, string message)
    {
        if (files.Count > 0)
        {
            BareGitRepository.CommitBytesTo(Pipeline.Repository, "main", files, message);
        }
    }

    /// <summary>The sample's own text of a file (samples/), to edit.</summary>
    public static string Sample(string path) => File.ReadAllText(RepositoryRoot.Combine("samples", path));

    /// <summary>Something the case started (a server, a listener) that ends with the case.</summary>
    public T Own<T>(T thing)
        where T : IAsyncDisposable
    {
        owned.Add(thing);
        return thing;
    }

    /// <summary>Values the case's arrangement made up ({port}, …) for its command line.</summary>
    public Dictionary<string, string> Values { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var thing in owned)
        {
            await thing.DisposeAsync();
        }
    }

    public string Fill(string text) => Values.Aggregate(FillPlaces(text), (t, v) => t.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));

    string FillPlaces(string text) => text
        .Replace("{repo}", Pipeline.Repository, StringComparison.Ordinal)
        .Replace("{kubeconfigs}", Kubeconfigs, StringComparison.Ordinal)
        .Replace("{work}", Work, StringComparison.Ordinal)
        .Replace("{cluster}", FirstCluster, StringComparison.Ordinal);
}
