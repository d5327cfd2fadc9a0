using System.Net;
using System.Net.Sockets;
using Kit.Cli;
using Kit.Harness;

namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>Bad flags, settings and places: the command refuses them before it touches anything.</summary>
static partial class BadInputCases
{
    static IEnumerable<BadInputCase> CommandLine()
    {
        yield return new("An unknown flag")
        {
            Args = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--bogus"],
            Exit = ExitCodes.Usage,
            Names = "--bogus",
        };
        yield return new("A repository that does not exist")
        {
            Args = ["deploy", "--repo", "{work}/nowhere.git", "--kubeconfigs", "{kubeconfigs}"],
            Exit = ExitCodes.Usage,
            Names = "{work}/nowhere.git",
        };
        yield return new("A kubeconfig folder that does not exist")
        {
            Args = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{work}/no-kubeconfigs"],
            Exit = ExitCodes.Usage,
            Names = "{work}/no-kubeconfigs",
        };
        yield return new("A kubeconfig that is not YAML, for one cluster")
        {
            Arrange = world =>
            {
                File.WriteAllText(world.Pipeline.Clusters.KubeconfigPath("dev-1"), "apiVersion: v1\nkind: Config\nclusters: [{name: x, cluster: {server: 'not a url'}}]\ncontexts: :\n");
                return Task.CompletedTask;
            },
            Names = "dev-1",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("A branch that does not exist")
        {
            Args = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--branch", "nope"],
            Exit = ExitCodes.Usage,
            Names = "nope",
        };
        yield return new("A ref that does not exist")
        {
            Args = ["diff", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--ref", "no-such-ref"],
            Exit = ExitCodes.Usage,
            Names = "no-such-ref",
        };
        yield return new("kit deploy --cluster with a cluster the commit does not render")
        {
            Args = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--cluster", "nope"],
            Exit = ExitCodes.Usage,
            Names = "nope",
        };
        yield return new("kit render --cluster with a cluster the repository does not have")
        {
            Args = ["render", "--repo", "{repo}", "--cluster", "nope"],
            Exit = ExitCodes.Usage,
            Names = "nope",
        };
        yield return new("An unknown strategy")
        {
            Args = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--strategy", "big-bang"],
            Exit = ExitCodes.Usage,
            Names = "--strategy big-bang",
        };
        yield return new("An invalid setting: Kit__Deployer__Concurrency=0")
        {
            Environment = new Dictionary<string, string> { ["Kit__Deployer__Concurrency"] = "0" },
            Exit = ExitCodes.Usage,
            Names = "Kit__Deployer__Concurrency",
        };
        yield return new("kit up with an invalid setting")
        {
            Arrange = FreePort,
            Args = ["up", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--port", "{port}"],
            Environment = new Dictionary<string, string> { ["Kit__Deployer__Concurrency"] = "0" },
            Exit = ExitCodes.Usage,
            Names = "Kit__Deployer__Concurrency",
        };
        yield return new("kit up --poll abc")
        {
            Args = ["up", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--poll", "abc"],
            Exit = ExitCodes.Usage,
            Names = "--poll",
        };
        yield return new("kit up --poll -1")
        {
            Args = ["up", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--poll", "-1"],
            Exit = ExitCodes.Usage,
            Names = "--poll",
        };
        yield return new("kit up on a port in use")
        {
            Arrange = world =>
            {
                world.Own(new Disposing(Listen(world).Stop));
                return Task.CompletedTask;
            },
            Args = ["up", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}", "--port", "{port}"],
            Exit = ExitCodes.Usage,
            Names = "{port}",
            Says = "--port",
        };
        yield return new("A git server that does not answer")
        {
            Args = ["deploy", "--repo", "git://127.0.0.1:1/deployments.git", "--kubeconfigs", "{kubeconfigs}"],
            Exit = ExitCodes.Unreachable,
            Names = "127.0.0.1:1",
        };
        yield return new("An http:// repository URL with a password")
        {
            Args = ["deploy", "--repo", "http://kit:hunter2@127.0.0.1:1/deployments.git", "--kubeconfigs", "{kubeconfigs}"],
            Exit = ExitCodes.Usage,
            Names = "Kit__Repository__AllowInsecureHttp",
            Then = _ => { },
        };
        yield return new("kit status against a server that is not a kit tracker")
        {
            Arrange = async world =>
            {
                var server = await HttpCapture.StartAsync();
                world.Own(new Disposing(server.Dispose));
                world.Values["tracker"] = server.Url;
            },
            Args = ["status", "--tracker", "{tracker}"],
            Exit = ExitCodes.Unreachable,
            Names = "{tracker}",
            Says = "not a kit tracker",
        };
        yield return new("kit render --out the repository itself with --clean")
        {
            Arrange = Checkout,
            Args = ["render", "--repo", "{work}/checkout", "--out", "{work}/checkout", "--clean"],
            Exit = ExitCodes.Usage,
            Names = "{work}/checkout",
            Then = CheckoutIsWhole,
        };
        yield return new("kit render --out a folder inside the repository")
        {
            Arrange = Checkout,
            Args = ["render", "--repo", "{work}/checkout", "--out", "{work}/checkout/clusters", "--clean"],
            Exit = ExitCodes.Usage,
            Names = "{work}/checkout",
            Then = CheckoutIsWhole,
        };
        yield return new("A folder symlink in a repository on disk that leads outside it")
        {
            Arrange = async world =>
            {
                await Checkout(world);
                Directory.CreateDirectory(Path.Combine(world.Work, "outside", "hello"));
                File.WriteAllText(Path.Combine(world.Work, "outside", "hello", "hello-deployment.sbn"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n");
                var resources = Path.Combine(world.Work, "checkout", "resources");
                Directory.Delete(Path.Combine(resources, "hello"), recursive: true);
                Directory.CreateSymbolicLink(Path.Combine(resources, "hello"), Path.Combine(world.Work, "outside", "hello"));
            },
            Args = ["render", "--repo", "{work}/checkout"],
            Names = "resources/hello",
        };
    }

    /// <summary>A port nobody listens on, as <c>{port}</c>.</summary>
    static Task FreePort(BadInputWorld world)
    {
        Listen(world).Stop();
        return Task.CompletedTask;
    }

    /// <summary>Listens on a free loopback port, given to the command line as <c>{port}</c>.</summary>
    static TcpListener Listen(BadInputWorld world)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        world.Values["port"] = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return listener;
    }

    static Task Checkout(BadInputWorld world)
    {
        LibGit2Sharp.Repository.Clone(world.Pipeline.Repository, Path.Combine(world.Work, "checkout"));
        return Task.CompletedTask;
    }

    static void CheckoutIsWhole(BadInputWorld world)
    {
        var checkout = Path.Combine(world.Work, "checkout");
        Assert.True(Directory.Exists(Path.Combine(checkout, ".git")), "the repository's .git is gone");
        Assert.True(File.Exists(Path.Combine(checkout, "base-cluster.yaml")), "the repository's files are gone");
        Assert.True(File.Exists(Path.Combine(checkout, "clusters", "dev-1", "cluster.yaml")), "the repository's clusters are gone");
    }

    /// <summary>Something the case started, ended with the case.</summary>
    sealed class Disposing(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
