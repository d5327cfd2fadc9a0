using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kit.Tracking.Tests.Support;

/// <summary>An HTTP server on 127.0.0.1 that records every request: stands in for Slack, a webhook or Seq.</summary>
public sealed class CaptureServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<CapturedRequest> requests = new();
    int count;

    CaptureServer(WebApplication app) => this.app = app;

    /// <summary>Decides the answer to the n-th request (1-based): status code and an optional Retry-After in seconds.</summary>
    public Func<int, (int Status, int? RetryAfterSeconds)> Respond { get; set; } = _ => (200, null);

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<CapturedRequest> Requests => requests.ToArray();

    public static async Task<CaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new CaptureServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the requests so far.</summary>
    public async Task<IReadOnlyList<CapturedRequest>> WaitForAsync(Func<IReadOnlyList<CapturedRequest>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Requests) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Requests;
    }

    async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        requests.Enqueue(new CapturedRequest(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow));
        var (status, retryAfter) = Respond(Interlocked.Increment(ref count));
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString();
        }

        await context.Response.WriteAsync(status == 200 ? "ok" : "no");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
