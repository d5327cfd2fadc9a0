using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kit.Testing;

/// <summary><c>git daemon</c> with receive-pack on 127.0.0.1, serving a folder of repositories; started and stopped within bounded time.</summary>
public sealed class GitDaemon : IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    readonly Process process;

    GitDaemon(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The git:// URL of a repository in the served folder.</summary>
    public string Url(string name) => $"git://127.0.0.1:{Port}/{name}";

    public static async Task<GitDaemon> StartAsync(string basePath)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("git")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", "--informative-errors",
                         "--listen=127.0.0.1", $"--port={port}", $"--base-path={basePath}", basePath])
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start git daemon");
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var daemon = new GitDaemon(process, port);
            if (await daemon.WaitUntilListeningAsync())
            {
                return daemon;
            }

            daemon.Dispose();
            if (attempt >= 2)
            {
                throw new TimeoutException($"git daemon did not listen on 127.0.0.1 within {StartTimeout.TotalSeconds:0} s");
            }
        }
    }

    async Task<bool> WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    /// <summary>A port nobody listens on now (released for the server to take).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
