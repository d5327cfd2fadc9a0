using System.Diagnostics;
using Kit.Harness;
using Kit.Testing;

namespace Kit.KubeSim.Tests;

/// <summary>The kubesim executable's command-line contract.</summary>
public sealed class CommandTests
{
    static ProcessStartInfo Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Kit.KubeSim.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    [Fact]
    public async Task Prints_ready_writes_one_kubeconfig_per_cluster_and_stops_on_sigterm()
    {
        using var dir = new TempDirectory("kubesim");
        using var process = Process.Start(Start("--clusters", "2", "--names", "east,west", "--kubeconfig-dir", dir.Path, "--rollout-seconds", "0"))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
        var kubectl = new Kubectl(dir.Combine("east.yaml"), dir.Combine("cache"));
        var version = await kubectl.RunAsync("get", "namespaces", "-o", "name");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        await process.WaitForExitAsync(timeout.Token);

        Assert.Matches(@"^ready https://127\.0\.0\.1:\d+$", ready);
        Assert.Equal(["east.yaml", "west.yaml"], Directory.GetFiles(dir.Path, "*.yaml").Select(Path.GetFileName).Order());
        var east = await File.ReadAllTextAsync(dir.Combine("east.yaml"));
        Assert.Contains("metadata:\n  name: east", east);
        Assert.Contains("current-context: east", east);
        Assert.Contains($"server: {ready!["ready ".Length..]}/clusters/east", east);
        Assert.Equal(0, version.ExitCode);
        Assert.Contains("namespace/default", version.Output);
        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData("--clusters", "0", "--kubeconfig-dir", "x")]
    [InlineData("--clusters", "2")]
    [InlineData("--kubeconfig-dir", "x", "--error-rate", "2")]
    [InlineData("--kubeconfig-dir", "x", "--fail-images", "(")]
    [InlineData("--kubeconfig-dir", "x", "--bogus", "1")]
    [InlineData("--kubeconfig-dir", "x", "--names", "Bad_Name")]
    public async Task Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("kubesim: ", error);
    }
}
