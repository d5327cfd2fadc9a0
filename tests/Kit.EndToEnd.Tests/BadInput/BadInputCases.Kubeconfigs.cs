namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>Bad kubeconfigs: the cluster they name fails, with no plugin run, and the other clusters deploy.</summary>
static partial class BadInputCases
{
    /// <summary>A script that leaves a mark when something runs it: it must never run.</summary>
    static string Plugin(BadInputWorld world)
    {
        var script = Path.Combine(world.Work, "plugin.sh");
        File.WriteAllText(script, $"#!/bin/sh\ntouch {Path.Combine(world.Work, "plugin-ran")}\necho '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"x\"}}}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    static void PluginNeverRan(BadInputWorld world) =>
        Assert.False(File.Exists(Path.Combine(world.Work, "plugin-ran")), "the kubeconfig's command ran");

    /// <summary>Rewrites dev-1's kubeconfig through <paramref name="edit"/> (its text, the plugin's path).</summary>
    static Func<BadInputWorld, Task> EditKubeconfig(Func<string, string, string> edit) => world =>
    {
        var path = world.Pipeline.Clusters.KubeconfigPath("dev-1");
        File.WriteAllText(path, edit(File.ReadAllText(path), Plugin(world)));
        return Task.CompletedTask;
    };

    static IEnumerable<BadInputCase> Kubeconfigs()
    {
        yield return new("A kubeconfig exec plugin while exec credentials are not allowed")
        {
            Arrange = EditKubeconfig((text, plugin) => text[..text.IndexOf("users:", StringComparison.Ordinal)]
                + $"users:\n- name: dev-1\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n      interactiveMode: Never\n"),
            Names = "dev-1.yaml",
            Says = "Kit__Deployer__AllowExecCredentials",
            Healthy = ["prod-1", "staging-1"],
            Then = PluginNeverRan,
        };
        yield return new("Two kubeconfig users whose names differ only in case, one with an exec plugin")
        {
            Arrange = EditKubeconfig((text, plugin) => text.Replace("users:\n", $"users:\n- name: DEV-1\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n      interactiveMode: Never\n", StringComparison.Ordinal)),
            Names = "dev-1.yaml",
            Healthy = ["prod-1", "staging-1"],
            Then = PluginNeverRan,
        };
        yield return new("A kubeconfig auth-provider with a command")
        {
            Arrange = EditKubeconfig((text, plugin) => text[..text.IndexOf("users:", StringComparison.Ordinal)]
                + $"users:\n- name: dev-1\n  user:\n    auth-provider:\n      name: gcp\n      config:\n        cmd-path: {plugin}\n        cmd-args: token\n"),
            Names = "dev-1.yaml",
            Healthy = ["prod-1", "staging-1"],
            Then = PluginNeverRan,
        };
        yield return new("A kubeconfig whose context names a missing user")
        {
            Arrange = EditKubeconfig((text, _) => text.Replace("    user: dev-1\n", "    user: nobody\n", StringComparison.Ordinal)),
            Names = "dev-1",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("A kubeconfig nested 10,000 levels deep")
        {
            Arrange = EditKubeconfig((text, _) => text + "deep: " + new string('[', 10_000) + "\n"),
            Names = "dev-1",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("A kubeconfig server that is not a URL")
        {
            Arrange = EditKubeconfig((text, _) => System.Text.RegularExpressions.Regex.Replace(text, "server: .*", "server: 'not a url'")),
            Names = "dev-1",
            Healthy = ["prod-1", "staging-1"],
        };
    }
}
