using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kit.Harness;

namespace Kit.Resilience.Tests;

/// <summary>
/// A RabbitMQ node of the test's own (127.0.0.1 only, no plugins, data in a temporary folder), so that it can
/// be stopped without disturbing the shared broker other test projects use at the same time.
/// </summary>
sealed class RabbitMqNode : IAsyncDisposable
{
    const string Bin = "/usr/lib/rabbitmq/bin";
    readonly TempDirectory home;
    readonly Process server;

    RabbitMqNode(TempDirectory home, Process server, string node, int port)
    {
        this.home = home;
        this.server = server;
        Node = node;
        Port = port;
    }

    public string Node { get; }
    public int Port { get; }
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static bool Available => File.Exists(Path.Combine(Bin, "rabbitmq-server"));

    public static async Task<RabbitMqNode> StartAsync()
    {
        var home = new TempDirectory("kit-rabbit");
        var port = FreePort();
        var node = $"kit-resilience-{Guid.NewGuid():N}"[..26] + "@localhost";
        File.WriteAllText(home.Combine("rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{port}\n");
        File.WriteAllText(home.Combine("enabled_plugins"), "[].\n");
        var start = Command("rabbitmq-server", home, node);
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        start.Environment["RABBITMQ_MNESIA_BASE"] = home.Combine("mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = home.Combine("log");
        start.Environment["RABBITMQ_CONFIG_FILE"] = home.Combine("rabbitmq.conf");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = home.Combine("enabled_plugins");
        start.Environment["RABBITMQ_PID_FILE"] = home.Combine("rabbitmq.pid");
        var server = Process.Start(start) ?? throw new InvalidOperationException("cannot start rabbitmq-server");
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var rabbit = new RabbitMqNode(home, server, node, port);
        var clock = Stopwatch.StartNew();
        while (!await rabbit.AcceptsAsync())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60) || server.HasExited)
            {
                await rabbit.DisposeAsync();
                throw new TimeoutException($"rabbitmq node {node} did not listen on 127.0.0.1:{port} within 60 s");
            }

            await Task.Delay(250);
        }

        return rabbit;
    }

    /// <summary><c>rabbitmqctl stop_app</c>: the broker closes every connection and refuses new ones.</summary>
    public Task StopAppAsync() => CtlAsync("stop_app");

    public Task StartAppAsync() => CtlAsync("start_app");

    public async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    async Task CtlAsync(string verb)
    {
        var start = Command("rabbitmqctl", home, Node);
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Node);
        start.ArgumentList.Add(verb);
        using var ctl = Process.Start(start) ?? throw new InvalidOperationException("cannot start rabbitmqctl");
        var output = ctl.StandardOutput.ReadToEndAsync();
        var error = ctl.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await ctl.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ctl.Kill(entireProcessTree: true);
            throw new TimeoutException($"rabbitmqctl {verb} did not finish within 60 s");
        }

        if (ctl.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {verb} exited with {ctl.ExitCode}: {await output} {await error}");
        }
    }

    static ProcessStartInfo Command(string tool, TempDirectory home, string node)
    {
        var start = new ProcessStartInfo(Path.Combine(Bin, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The node and its CLI share the Erlang cookie written into this HOME.
        start.Environment["HOME"] = home.Path;
        start.Environment["RABBITMQ_NODENAME"] = node;
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        return start;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!server.HasExited)
            {
                await CtlAsync("stop");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
        }

        server.Dispose();
        home.Dispose();
    }
}
