using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kit.Harness;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that records every request body (a stand-in for Slack's webhook,
/// Seq's ingestion endpoint or any outgoing webhook). Answers from <see cref="Respond"/>, 200 by default.
/// </summary>
public sealed class HttpCapture : IDisposable
{
    readonly HttpListener listener = new();
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentQueue<CapturedRequest> requests = new();

    HttpCapture(int port)
    {
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
    }

    public string Url { get; }

    /// <summary>Decides the answer to each request: status code and headers. Default: 200.</summary>
    public Func<CapturedRequest, (int Status, IReadOnlyDictionary<string, string>? Headers)> Respond { get; set; } = _ => (200, null);

    public IReadOnlyList<CapturedRequest> Requests => [.. requests];

    public IReadOnlyList<string> Bodies => [.. requests.Select(r => r.Body)];

    /// <summary>An address on this server.</summary>
    public Uri Combine(string path) => new(new Uri(Url), path.TrimStart('/'));

    /// <summary>Answers the n-th request (1-based) with a status and, when given, a Retry-After in seconds.</summary>
    public void RespondByCount(Func<int, (int Status, int? RetryAfterSeconds)> respond)
    {
        var count = 0;
        Respond = _ =>
        {
            var (status, retryAfter) = respond(Interlocked.Increment(ref count));
            return (status, retryAfter is { } seconds ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null);
        };
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the requests so far; returns them either way.</summary>
    public async Task<IReadOnlyList<CapturedRequest>> WaitForAsync(Func<IReadOnlyList<CapturedRequest>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Requests) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Requests;
    }

    public static Task<HttpCapture> StartAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var capture = new HttpCapture(FreePort());
            try
            {
                capture.listener.Start();
                _ = capture.ServeAsync();
                return Task.FromResult(capture);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                capture.listener.Close();
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, or throws.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{requests.Count} of {count} requests arrived at {Url} within {timeout}");
            }

            await Task.Delay(50);
        }
    }

    async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new CapturedRequest(
                context.Request.HttpMethod,
                context.Request.Url?.PathAndQuery ?? "",
                context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync(),
                DateTimeOffset.UtcNow);
            requests.Enqueue(request);
            var (status, headers) = Respond(request);
            context.Response.StatusCode = status;
            foreach (var header in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            context.Response.Close();
        }
    }

    static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
    }
}
