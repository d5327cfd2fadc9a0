using Kit.Kubernetes.Kubeconfigs;
using Kit.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kit.Kubernetes.Tests;

public sealed class KubeconfigDirectoryTests
{
    public static string Kubeconfig(string context, string? metadataName = null, string? ns = null, string server = "http://127.0.0.1:1", bool exec = false) => $"""
        apiVersion: v1
        kind: Config
        {(metadataName is null ? "" : $"metadata:\n  name: {metadataName}")}
        clusters:
        - name: {context}
          cluster:
            server: {server}
        users:
        - name: {context}
          user:
        {(exec ? "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/get-token" : "    token: secret-token")}
        contexts:
        - name: {context}
          context:
            cluster: {context}
            user: {context}
        {(ns is null ? "" : $"    namespace: {ns}")}
        current-context: {context}
        """;

    static KubeconfigDirectory Directory(string glob) =>
        new(Options.Create(new DeployerSettings { Kubeconfigs = glob }), NullLogger<KubeconfigDirectory>.Instance);

    [Fact]
    public async Task The_cluster_is_named_by_metadata_name_else_the_current_context()
    {
        using var temp = new TempDirectory();
        System.IO.Directory.CreateDirectory(temp.Combine("a"));
        System.IO.Directory.CreateDirectory(temp.Combine("b"));
        File.WriteAllText(temp.Combine("a", "kubeconfig"), Kubeconfig("ctx-a", metadataName: "alpha", ns: "team"));
        File.WriteAllText(temp.Combine("b", "kubeconfig"), Kubeconfig("beta"));
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

        File.WriteAllText(temp.Combine("late.yaml"), Kubeconfig("late"));
        Assert.Equal("late", (await directory.FindAsync("late", CancellationToken.None))?.Cluster);
    }

    [Fact]
    public async Task A_changed_kubeconfig_is_read_again()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("c.yaml");
        File.WriteAllText(path, Kubeconfig("c", ns: "one"));
        var directory = Directory(temp.Path);
        Assert.Equal("one", (await directory.FindAsync("c", CancellationToken.None))!.Namespace);

        File.WriteAllText(path, Kubeconfig("c", ns: "second"));
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
        File.WriteAllText(temp.Combine("good", "kubeconfig"), Kubeconfig("good"));
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
        File.WriteAllText(temp.Combine("one.yaml"), Kubeconfig("x", metadataName: "same"));
        File.WriteAllText(temp.Combine("two.yaml"), Kubeconfig("y", metadataName: "same"));
        var entry = await Directory(temp.Path).FindAsync("same", CancellationToken.None);
        Assert.Contains("named by two kubeconfigs", entry!.Error);
    }

    [Fact]
    public void A_context_that_does_not_exist_is_an_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("c.yaml"), Kubeconfig("c").Replace("current-context: c", "current-context: missing"));
        var entry = KubeconfigReader.Read(temp.Combine("c.yaml"));
        Assert.Equal("missing", entry.Cluster);
        Assert.Contains("no such context", entry.Error);
    }

    [Fact]
    public void An_exec_plugin_is_refused_unless_allowed()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("e.yaml"), Kubeconfig("e", exec: true));
        var entry = KubeconfigReader.Read(temp.Combine("e.yaml"));
        Assert.Equal("/bin/get-token", entry.ExecCommand);

        using var connections = new Api.ClusterConnections(Options.Create(new DeployerSettings { Kubeconfigs = temp.Path }));
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
        File.WriteAllText(path, Kubeconfig("deep") + "\npreferences:\n  x: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var entry = KubeconfigReader.Read(path);

        Assert.Contains(path, entry.Error);
        Assert.Contains("deeper than 100 levels", entry.Error);
    }

    [Fact]
    public void A_kubeconfig_larger_than_the_limit_is_refused_unread()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("big.yaml");
        File.WriteAllText(path, Kubeconfig("big") + "\n# " + new string('x', 5 * 1024 * 1024) + "\n");

        var entry = KubeconfigReader.Read(path);

        Assert.Equal("big", entry.Cluster);
        Assert.Contains(path, entry.Error);
        Assert.Contains("at most 4 MiB", entry.Error);
    }
}
