using Kit.Cli.Demo;
using Kit.Harness;
using Kit.KubeSim;
using LibGit2Sharp;

namespace Kit.EndToEnd.Tests;

/// <summary>
/// What every end-to-end test starts from: a bare deployments repository made from <c>samples/</c>
/// with two clusters (or more: clusters beyond the sample's are copies of its first one under new names),
/// and those clusters simulated over real HTTP.
/// </summary>
sealed class Pipeline : IAsyncDisposable
{
    public const string Image = "registry.example.com/team/hello:2.0.0";

    Pipeline(TempDirectory root, string repository, KubeSimServer clusters, IReadOnlyList<string> names)
    {
        Root = root;
        Repository = repository;
        Clusters = clusters;
        ClusterNames = names;
    }

    public TempDirectory Root { get; }
    public string Repository { get; }
    public KubeSimServer Clusters { get; }
    public IReadOnlyList<string> ClusterNames { get; }
    public string Kubeconfigs => Root.Combine("kubeconfigs");

    public static async Task<Pipeline> StartAsync(int clusters = 2, double rolloutSeconds = 0.5)
    {
        var root = new TempDirectory("kit-e2e");
        var sample = await SampleRepository.StartAsync(root.Path, clusters, rolloutSeconds);
        return new Pipeline(root, sample.Repository, sample.Simulator, sample.Names);
    }

    /// <summary>The images of the Deployments in one simulated cluster.</summary>
    public IReadOnlyList<string> DeployedImages(string cluster) =>
        [.. Clusters.Cluster(cluster).List("deployments")
            .SelectMany(d => d["spec"]?["template"]?["spec"]?["containers"]?.AsArray() ?? [])
            .Select(c => c?["image"]?.GetValue<string>() ?? "")];

    /// <summary>The tip of the deployments branch.</summary>
    public Commit Tip(out Repository repo)
    {
        repo = new Repository(Repository);
        return repo.Branches["main"].Tip;
    }

    public async ValueTask DisposeAsync()
    {
        await Clusters.DisposeAsync();
        Root.Dispose();
    }
}
