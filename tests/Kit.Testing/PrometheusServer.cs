using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Kit.Harness;

namespace Kit.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>, installed by scripts/services.sh's ensure_prometheus) scraping
/// the given targets every second: bound to 127.0.0.1 on a free port, storing into its own temporary folder,
/// stopped by its process id on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    readonly Process process;
    readonly TempDirectory folder;
    readonly StreamWriter log;
    readonly HttpClient http;

    PrometheusServer(Process process, TempDirectory folder, StreamWriter log, Uri address)
    {
        this.process = process;
        this.folder = folder;
        this.log = log;
        Address = address;
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    /// <summary>What Prometheus printed so far, for a failing test's message.</summary>
    public string Log => File.Exists(Path.Combine(folder.Path, "prometheus.log")) ? ReadShared(Path.Combine(folder.Path, "prometheus.log")) : "";

    /// <summary>The binary: <c>KIT_TEST_PROMETHEUS</c>, else Debian's path.</summary>
    public static string Binary => Environment.GetEnvironmentVariable("KIT_TEST_PROMETHEUS") is { Length: > 0 } path ? path : "/usr/bin/prometheus";

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (<c>host:port</c>) at <c>/metrics</c> under job <paramref name="job"/>; waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string job, params string[] targets)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: scripts/test.sh installs Debian's prometheus (ensure_prometheus in scripts/services.sh)");
        }

        var folder = new TempDirectory("kit-prometheus");
        var config = Path.Combine(folder.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
            """);
        var port = GitDaemon.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(new FileStream(Path.Combine(folder.Path, "prometheus.log"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, folder, log, new Uri($"http://127.0.0.1:{port}/"));
        if (!await Eventually.HoldsAsync(server.ReadyAsync, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)))
        {
            var output = server.Log;
            await server.DisposeAsync();
            throw new TimeoutException($"prometheus did not become ready within 60 s on 127.0.0.1:{port}: {output}");
        }

        return server;
    }

    /// <summary>
    /// Evaluates <paramref name="promQl"/> now through <c>/api/v1/query</c>: each series' labels and value
    /// (empty when nothing matches).
    /// </summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promQl)
    {
        using var response = await http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"prometheus refused {promQl}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        return [.. data.GetProperty("result").EnumerateArray().Select(series => (
            (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The names of every series Prometheus holds (<c>/api/v1/label/__name__/values</c>).</summary>
    public async Task<IReadOnlyList<string>> NamesAsync()
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/v1/label/__name__/values"));
        return [.. json.RootElement.GetProperty("data").EnumerateArray().Select(n => n.GetString()!)];
    }

    /// <summary>The single value of <paramref name="promQl"/>, or null while nothing matches.</summary>
    public async Task<double?> ValueAsync(string promQl) =>
        await QueryAsync(promQl) is [var only] ? only.Value : null;

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Gone already, or refusing to die: the folder below is removed either way.
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }

        folder.Dispose();
    }

    async Task<bool> ReadyAsync()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"prometheus exited with code {process.ExitCode}: {Log}");
        }

        try
        {
            using var response = await http.GetAsync("-/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after the server was stopped.
            }
        }
    }

    static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
