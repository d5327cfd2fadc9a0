using Kit.Contracts;
using Kit.Harness;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Microsoft.Extensions.Options;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

/// <summary>
/// Exec plugins and auth-provider commands run only with Kit__Deployer__AllowExecCredentials=true, decided on the
/// entries the client really uses (KubernetesClient matches names ignoring case, first match wins).
/// </summary>
public sealed class CredentialPluginTests
{
    /// <summary>An exec plugin that leaves a marker file when it runs, then answers with <paramref name="token"/>.</summary>
    static string Plugin(TempDirectory temp, string token = "from-plugin")
    {
        var path = temp.Combine("plugin.sh");
        File.WriteAllText(path, $$$"""
            #!/bin/sh
            touch "{{{temp.Combine("marker")}}}"
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{token}}}"}}'

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    static string Exec(string plugin) => $"""
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: {plugin}
        """;

    /// <summary>
    /// Kubeconfigs whose users, clusters or contexts the client could confuse: each, read by the old exact-name
    /// lookup, hid an exec plugin behind a user with a plain token.
    /// </summary>
    public static TheoryData<string, string> Lookalikes(string plugin) => new()
    {
        {
            "users differing in case",
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod-1
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: PROD-1
              user:
            {Exec(plugin)}
            - name: prod-1
              user:
                token: harmless
            contexts:
            - name: prod-1
              context:
                cluster: prod-1
                user: prod-1
            current-context: prod-1
            """
        },
        {
            "one user named twice",
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod-1
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: prod-1
              user:
            {Exec(plugin)}
            - name: prod-1
              user:
                token: harmless
            contexts:
            - name: prod-1
              context:
                cluster: prod-1
                user: prod-1
            current-context: prod-1
            """
        },
        {
            "contexts differing in case",
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: prod-1
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: plugin
              user:
            {Exec(plugin)}
            - name: plain
              user:
                token: harmless
            contexts:
            - name: Prod-1
              context:
                cluster: prod-1
                user: plugin
            - name: prod-1
              context:
                cluster: prod-1
                user: plain
            current-context: prod-1
            """
        },
        {
            "clusters differing in case",
            $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: PROD-1
              cluster:
                server: "http://127.0.0.2:1"
            - name: prod-1
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: prod-1
              user:
                token: harmless
            contexts:
            - name: prod-1
              context:
                cluster: prod-1
                user: prod-1
            current-context: prod-1
            """
        },
    };

    [Theory]
    [InlineData("users differing in case")]
    [InlineData("one user named twice")]
    [InlineData("contexts differing in case")]
    [InlineData("clusters differing in case")]
    public void A_kubeconfig_with_names_the_client_could_confuse_is_refused_and_runs_nothing(string @case)
    {
        using var temp = new TempDirectory();
        var plugin = Plugin(temp);
        var path = temp.Combine("prod-1.yaml");
        File.WriteAllText(path, (string)Lookalikes(plugin).Single(r => (string)r[0] == @case)[1]);

        var entry = KubeconfigReader.Read(path);
        using var connections = new ClusterConnections(Options.Create(new DeployerSettings { Kubeconfigs = temp.Path }));
        var error = Assert.Throws<ClusterConfigurationException>(() => connections.Get(entry));

        Assert.False(File.Exists(temp.Combine("marker")), "the exec plugin ran");
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("ambiguous", error.Message);
    }

    [Fact]
    public async Task The_lookalike_user_trick_fails_the_deployment_without_running_the_plugin()
    {
        await using var fleet = await Fleet.StartAsync(["good"]);
        using var temp = new TempDirectory();
        var plugin = Plugin(temp);
        var path = Path.Combine(fleet.KubeconfigDirectory, "prod-1.yaml");
        File.WriteAllText(path, (string)Lookalikes(plugin).Single(r => (string)r[0] == "users differing in case")[1]);
        var deployer = fleet.NewDeployer();

        var trick = await deployer.DeployAsync(Fleet.Message("prod-1", 1, ConfigMap("a", "1")), null, CancellationToken.None);
        var good = await deployer.DeployAsync(Fleet.Message("good", 1, ConfigMap("a", "1")), null, CancellationToken.None);

        Assert.False(File.Exists(temp.Combine("marker")), "the exec plugin ran");
        Assert.Equal(DeploymentOutcome.Failed, trick.Outcome);
        Assert.Contains(path, trick.Error);
        Assert.True(good.Outcome == DeploymentOutcome.Succeeded, good.Error);
    }

    [Fact]
    public void A_context_named_in_another_case_is_the_one_the_client_uses_and_its_plugin_is_refused()
    {
        using var temp = new TempDirectory();
        var plugin = Plugin(temp);
        var path = temp.Combine("c.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: Plugin
              user:
            {Exec(plugin)}
            contexts:
            - name: c
              context:
                cluster: c
                user: plugin
            current-context: C
            """);

        var entry = KubeconfigReader.Read(path);
        using var connections = new ClusterConnections(Options.Create(new DeployerSettings { Kubeconfigs = temp.Path }));
        var error = Assert.Throws<ClusterConfigurationException>(() => connections.Get(entry));

        Assert.False(File.Exists(temp.Combine("marker")), "the exec plugin ran");
        Assert.Contains("Kit__Deployer__AllowExecCredentials", error.Message);
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("azure")]
    [InlineData("oidc")]
    public void An_auth_provider_command_is_refused_unless_allowed_and_never_crashes(string provider)
    {
        using var temp = new TempDirectory();
        var plugin = Plugin(temp);
        var path = temp.Combine("a.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster:
                server: "http://127.0.0.1:1"
            users:
            - name: a
              user:
                auth-provider:
                  name: {provider}
                  config:
                    cmd-path: {plugin}
                    cmd-args: token
                    access-token: old
                    id-token: old
            contexts:
            - name: a
              context:
                cluster: a
                user: a
            current-context: a
            """);
        var entry = KubeconfigReader.Read(path);

        using var refusing = new ClusterConnections(Options.Create(new DeployerSettings { Kubeconfigs = temp.Path }));
        var refused = Assert.Throws<ClusterConfigurationException>(() => refusing.Get(entry));
        Assert.Contains("Kit__Deployer__AllowExecCredentials", refused.Message);
        Assert.Contains(path, refused.Message);

        // Allowed, it is the client's to judge; whatever it says is one line for this cluster, never a crash.
        using var allowing = new ClusterConnections(Options.Create(new DeployerSettings { Kubeconfigs = temp.Path, AllowExecCredentials = true }));
        try
        {
            allowing.Get(entry).Dispose();
        }
        catch (ClusterConfigurationException e)
        {
            Assert.DoesNotContain('\n', e.Message);
        }

        Assert.False(File.Exists(temp.Combine("marker")), "the auth-provider command ran");
    }

    [Fact]
    public async Task An_allowed_exec_plugin_runs_and_its_token_is_used()
    {
        await using var fleet = await Fleet.StartAsync(["one"], deployer: s => s.AllowExecCredentials = true);
        using var temp = new TempDirectory();
        var plugin = Plugin(temp, fleet["one"].Token);
        var path = fleet.Server.KubeconfigPath("one");
        File.WriteAllText(path, File.ReadAllText(path).Replace($"    token: {fleet["one"].Token}", Exec(plugin), StringComparison.Ordinal));

        var result = await fleet.NewDeployer().DeployAsync(Fleet.Message("one", 1, ConfigMap("a", "1")), null, CancellationToken.None);

        Assert.True(result.Outcome == DeploymentOutcome.Succeeded, result.Error);
        Assert.True(File.Exists(temp.Combine("marker")), "the exec plugin did not run");
        Assert.NotNull(fleet["one"].Get("ConfigMap", "default", "a"));
    }
}
