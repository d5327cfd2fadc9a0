using Kit.Harness;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>A started simulator with kubeconfigs in a temp folder, and kubectl pointed at cluster c1.</summary>
sealed class SimulatorFixture : IAsyncDisposable
{
    readonly TempDirectory temp = new("kubesim");

    public KubeSimServer Sim { get; private set; } = null!;

    public Kubectl Kubectl { get; private set; } = null!;

    public KubeSimCluster C1 => Sim.Cluster("c1");

    public string Path(string name) => temp.Combine(name);

    public static async Task<SimulatorFixture> StartAsync(int clusters = 1, double rolloutSeconds = 0, string? failImages = null, double progressDeadline = 10, double errorRate = 0)
    {
        var fixture = new SimulatorFixture();
        fixture.Sim = await KubeSimServer.StartAsync(new KubeSimOptions
        {
            Clusters = clusters,
            KubeconfigDirectory = fixture.temp.Combine("kubeconfigs"),
            RolloutSeconds = rolloutSeconds,
            FailImages = failImages,
            ProgressDeadlineSeconds = progressDeadline,
            ErrorRate = errorRate,
        });
        fixture.Kubectl = new Kubectl(fixture.Sim.KubeconfigPath("c1"), fixture.temp.Combine("cache"));
        return fixture;
    }

    public string Write(string name, string content)
    {
        var path = temp.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        temp.Dispose();
    }
}
