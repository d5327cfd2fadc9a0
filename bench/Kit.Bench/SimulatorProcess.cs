using System.Diagnostics;

namespace Kit.Bench;

/// <summary>
/// The API-server simulator as a process of its own (the <c>Kit.KubeSim</c> beside the bench), so the bench's
/// peak memory is kit's alone. Stopped by its own process id when disposed.
/// </summary>
sealed class SimulatorProcess : IAsyncDisposable
{
    readonly Process process;

    SimulatorProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The CPU time the simulator has used so far (it shares the machine with kit).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<SimulatorProcess> StartAsync(int clusters, string kubeconfigDirectory, int latencyMs)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Kit.KubeSim"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--clusters", $"{clusters}", "--kubeconfig-dir", kubeconfigDirectory, "--latency-ms", $"{latencyMs}", "--rollout-seconds", "0", "--port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the simulator did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"kubesim: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                return new SimulatorProcess(process, line["ready ".Length..]);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"the simulator ended before it was ready (exit {process.ExitCode})");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
