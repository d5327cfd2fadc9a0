namespace Kit.Testing;

/// <summary>Runs the real kubectl against a kubeconfig, with a private discovery cache and a time limit.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public async Task<ProcessResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<ProcessResult> RunWithInputAsync(string? input, params string[] args) =>
        await Processes.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args], input: input);
}
