using Kit.Harness;
using Kit.Kubernetes.Kubeconfigs;
using Kit.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kit.Kubernetes.Tests;

public sealed class KubeconfigDirectoryTests
{
    static KubeconfigDirectory Directory(string glob) =>
        new(Options.Create(new ClusterAccessSettings { Kubeconfigs = glob }), NullLogger<KubeconfigDirectory>.Instance);

    [Fact]
    public async Task The_cluster_is_named_by_metadata_name_else_the_current_context()
    {
        using var temp = new TempDirectory();
        System.IO.Directory.CreateDirectory(temp.Combine("a"));
        System.IO.Directory.CreateDirectory(temp.Combine("b"));
        File.WriteAllText(temp.Combine("a", "kubeconfig"), KubeconfigFiles.Text("ctx-a", metadataName: "alpha", ns: "team"));
        File.WriteAllText(temp.Combine("b", "kubeconfig"), KubeconfigFiles.Text("beta"));
        var directory = Directory(temp.Combine("**", "kubeconfig"));

        var alpha = await directory.FindAsync("alpha", CancellationToken.None);
        Assert.NotNull(alpha);
        Assert.Null(alpha.Error);
        Assert.Equal("team", alpha.Namespace);
        Assert.Equal("default", (await directory.FindAsync("beta", CancellationToken.None))!.Namespace);
        Assert.Null(await directory.FindAsync("ctx-a", CancellationToken.None));
    }

    [Fact]
    public async Task A_kubeconfig_added_later_is_found_without_a_restart()
    {
        using var temp = new TempDirectory();
        var directory = Directory(temp.Path);
        Assert.Null(await directory.FindAsync("late", CancellationToken.None));

        File.WriteAllText(temp.Combine("late.yaml"), KubeconfigFiles.Text("late"));
        Assert.Equal("late", (await directory.FindAsync("late", CancellationToken.None))?.Cluster);
    }

    [Fact]
    public async Task A_changed_kubeconfig_is_read_again()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("c.yaml");
        File.WriteAllText(path, KubeconfigFiles.Text("c", ns: "one"));
        var directory = Directory(temp.Path);
        Assert.Equal("one", (await directory.FindAsync("c", CancellationToken.None))!.Namespace);

        File.WriteAllText(path, KubeconfigFiles.Text("c", ns: "second"));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("second", (await directory.FindAsync("c", CancellationToken.None))!.Namespace);
    }

    [Fact]
    public async Task A_broken_kubeconfig_is_an_error_for_its_cluster_only()
    {
        using var temp = new TempDirectory();
        System.IO.Directory.CreateDirectory(temp.Combine("broken"));
        System.IO.Directory.CreateDirectory(temp.Combine("good"));
        File.WriteAllText(temp.Combine("broken", "kubeconfig"), "clusters: [unclosed");
        File.WriteAllText(temp.Combine("good", "kubeconfig"), KubeconfigFiles.Text("good"));
        var directory = Directory(temp.Combine("**", "kubeconfig"));

        var broken = await directory.FindAsync("broken", CancellationToken.None);
        Assert.NotNull(broken);
        Assert.Contains("cannot be read", broken.Error);
        Assert.Contains(temp.Combine("broken", "kubeconfig"), broken.Error);
        Assert.Null((await directory.FindAsync("good", CancellationToken.None))!.Error);
    }

    [Fact]
    public async Task Two_kubeconfigs_naming_one_cluster_are_an_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("one.yaml"), KubeconfigFiles.Text("x", metadataName: "same"));
        File.WriteAllText(temp.Combine("two.yaml"), KubeconfigFiles.Text("y", metadataName: "same"));
        var entry = await Directory(temp.Path).FindAsync("same", CancellationToken.None);
        Assert.Contains("named by two kubeconfigs", entry!.Error);
    }

    [Fact]
    public void A_context_that_does_not_exist_is_an_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("c.yaml"), KubeconfigFiles.Text("c").Replace("current-context: c", "current-context: missing"));
        var entry = KubeconfigReader.Read(temp.Combine("c.yaml"));
        Assert.Equal("missing", entry.Cluster);
        Assert.Contains("no such context", entry.Error);
    }

    [Fact]
    public void An_exec_plugin_is_refused_unless_allowed()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("e.yaml"), KubeconfigFiles.Text("e", exec: true));
        var entry = KubeconfigReader.Read(temp.Combine("e.yaml"));
        Assert.Equal("/bin/get-token", entry.ExecCommand);

        using var connections = new Api.ClusterConnections(Options.Create(new ClusterAccessSettings { Kubeconfigs = temp.Path }));
        var error = Assert.Throws<Api.ClusterConfigurationException>(() => connections.Get(entry));
        Assert.Contains("Kit__Deployer__AllowExecCredentials", error.Message);
    }

    [Theory]
    [InlineData("/configs/**/kubeconfig", "/configs", "**/kubeconfig")]
    [InlineData("/configs/*.yaml", "/configs", "*.yaml")]
    [InlineData("configs/*/kubeconfig", "configs", "*/kubeconfig")]
    [InlineData("*.yaml", ".", "*.yaml")]
    public void A_glob_splits_into_its_folder_and_pattern(string glob, string root, string pattern)
    {
        Assert.Equal((root, pattern), KubeconfigGlob.Split(glob));
    }

    [Fact]
    public void A_deeply_nested_kubeconfig_is_a_broken_entry_naming_the_file_not_a_crash()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("deep.yaml");
        File.WriteAllText(path, KubeconfigFiles.Text("deep") + "\npreferences:\n  x: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var entry = KubeconfigReader.Read(path);

        Assert.Contains(path, entry.Error);
        Assert.Contains("deeper than 100 levels", entry.Error);
    }

    [Fact]
    public void A_kubeconfig_larger_than_the_limit_is_refused_unread()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("big.yaml");
        File.WriteAllText(path, KubeconfigFiles.Text("big") + "\n# " + new string('x', 5 * 1024 * 1024) + "\n");

        var entry = KubeconfigReader.Read(path);

        Assert.Equal("big", entry.Cluster);
        Assert.Contains(path, entry.Error);
        Assert.Contains("at most 4 MiB", entry.Error);
    }
}
