using System.Net;
using System.Net.Sockets;
using System.Text;
using Kit.Harness;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Kit.Testing;
using Microsoft.Extensions.Options;

namespace Kit.Kubernetes.Tests;

/// <summary>How a connection reads answers: whole, however they are framed, within its timeout.</summary>
public sealed class ClusterConnectionTests
{
    [Fact]
    public async Task An_answer_of_announced_length_and_a_chunked_one_larger_than_the_first_buffer_are_read_whole()
    {
        var large = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"{{\"name\":\"item-{i}\"}}")) + "]}";
        await using var server = RawHttpServer.Start(path => path.Contains("/chunked", StringComparison.Ordinal)
            ? Chunked(large)
            : Sized("200 OK", "{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"1\"}}"));
        using var temp = new TempDirectory();
        using var connections = Connections(temp, server.Url, attempts: 1, timeoutSeconds: 10);
        var cluster = Connect(connections, temp);

        var sized = await cluster.GetAsync("api/v1/namespaces/default/configmaps/a", CancellationToken.None);
        var (response, count) = await cluster.ReadAsync("api/v1/namespaces/default/chunked", list => list.GetProperty("items").GetArrayLength(), CancellationToken.None);

        Assert.Equal("1", sized.Ensure("reading a")["data"]!["a"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, 5000), (response.Status, count));
        Assert.Equal(5000, (await cluster.GetAsync("api/v1/namespaces/default/chunked", CancellationToken.None)).Ensure("listing")["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_becomes_its_message()
    {
        await using var server = RawHttpServer.Start(_ => Sized("403 Forbidden", "forbidden: not for you"));
        using var temp = new TempDirectory();
        using var connections = Connections(temp, server.Url, attempts: 1, timeoutSeconds: 10);

        var response = await Connect(connections, temp).GetAsync("api/v1/pods", CancellationToken.None);

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden: not for you"), (response.Status, response.Message));
    }

    [Fact]
    public async Task A_body_that_stops_after_its_headers_times_out_and_is_asked_again()
    {
        // Headers and a part of the body, then nothing: the timeout covers the body as well as the headers.
        await using var server = RawHttpServer.Start(_ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":"), stall: true);
        using var temp = new TempDirectory();
        using var connections = Connections(temp, server.Url, attempts: 2, timeoutSeconds: 1);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => Connect(connections, temp).GetAsync("api/v1/pods", CancellationToken.None));

        Assert.Contains("after 2 attempts", error.Message);
        Assert.Contains("request timed out", error.Message);
        Assert.Equal(2, server.Requests);
    }

    static ClusterConnections Connections(TempDirectory temp, string url, int attempts, int timeoutSeconds)
    {
        File.WriteAllText(temp.Combine("raw.yaml"), KubeconfigFiles.Text("raw", server: url));
        return new ClusterConnections(Options.Create(new ClusterAccessSettings
        {
            Kubeconfigs = temp.Path,
            RequestAttempts = attempts,
            RetryDelayMilliseconds = 10,
            RequestTimeoutSeconds = timeoutSeconds,
        }));
    }

    static ClusterConnection Connect(ClusterConnections connections, TempDirectory temp) => connections.Get(KubeconfigReader.Read(temp.Combine("raw.yaml")));

    static byte[] Sized(string status, string body) =>
        Encoding.UTF8.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    static byte[] Chunked(string body)
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (var at = 0; at < body.Length; at += 7000)
        {
            var chunk = body.Substring(at, Math.Min(7000, body.Length - at));
            text.Append($"{Encoding.UTF8.GetByteCount(chunk):x}\r\n{chunk}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.Append("0\r\n\r\n").ToString());
    }

    /// <summary>An HTTP/1.1 server on 127.0.0.1 that answers each request with the bytes given for its path, and holds the connection open when told to stall.</summary>
    sealed class RawHttpServer : IAsyncDisposable
    {
        readonly TcpListener listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource stop = new();
        readonly Func<string, byte[]> answer;
        readonly bool stall;
        Task? accepting;
        int requests;

        RawHttpServer(Func<string, byte[]> answer, bool stall) => (this.answer, this.stall) = (answer, stall);

        public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public int Requests => Volatile.Read(ref requests);

        public static RawHttpServer Start(Func<string, byte[]> answer, bool stall = false)
        {
            var server = new RawHttpServer(answer, stall);
            server.listener.Start();
            server.accepting = server.AcceptAsync();
            return server;
        }

        async Task AcceptAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    connections.Add(ServeAsync(client));
                }
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAll(connections);
        }

        async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                try
                {
                    while (await reader.ReadLineAsync(stop.Token) is { Length: > 0 } requestLine)
                    {
                        while (await reader.ReadLineAsync(stop.Token) is { Length: > 0 })
                        {
                        }

                        Interlocked.Increment(ref requests);
                        await stream.WriteAsync(answer(requestLine.Split(' ')[1]), stop.Token);
                        if (stall)
                        {
                            await Task.Delay(Timeout.Infinite, stop.Token);
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            if (accepting is not null)
            {
                await accepting;
            }

            stop.Dispose();
        }
    }
}
