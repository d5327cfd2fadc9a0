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
        var port = configuration["HTTP_PORTS"]?.Split(';', ',')[0] ?? "8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var response = http.GetAsync($"http://127.0.0.1:{port}/health/ready").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"health check failed: {e.Message}");
            return 1;
        }
    }
}
