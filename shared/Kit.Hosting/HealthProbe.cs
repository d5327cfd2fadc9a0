using Microsoft.Extensions.Configuration;

namespace Kit.Hosting;

/// <summary>
/// <c>--health-check</c>: asks the running service's <c>/health/ready</c> and exits 0 or 1, so a
/// container health check needs no curl in the image.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--health-check";

    public static int Run(IConfiguration configuration)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var response = http.GetAsync(new Uri(Address(configuration), "health/ready")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"health check failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Where this process's own server listens, as the server decides it: the first of <c>Urls</c>
    /// (a wildcard host asked on 127.0.0.1), else the first of <c>HTTP_PORTS</c>, else port 8080.
    /// </summary>
    public static Uri Address(IConfiguration configuration)
    {
        if (configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..])
        {
            var wildcard = first.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1")
                .Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
            return new Uri(wildcard.TrimEnd('/') + "/");
        }

        var port = configuration["HTTP_PORTS"]?.Split(';', ',')[0] ?? "8080";
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
