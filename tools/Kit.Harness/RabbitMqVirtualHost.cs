using System.Net.Http.Headers;
using System.Text;

namespace Kit.Harness;

/// <summary>
/// A fresh virtual host on the real RabbitMQ at 127.0.0.1 (created through the management API that
/// scripts/test.sh enables), so tests never see each other's queues; deleted on dispose.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    static readonly string Host = Environment.GetEnvironmentVariable("KIT_TEST_RABBITMQ_HOST") ?? "127.0.0.1";
    static readonly HttpClient Management = CreateClient();

    RabbitMqVirtualHost(string name) => Name = name;

    public string Name { get; }

    /// <summary>The connection string for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string ConnectionString => $"amqp://guest:guest@{Host}:5672/{Uri.EscapeDataString(Name)}";

    public static async Task<RabbitMqVirtualHost> CreateAsync(string prefix = "test")
    {
        var host = new RabbitMqVirtualHost($"{prefix}-{Guid.NewGuid():N}");
        var vhost = Uri.EscapeDataString(host.Name);
        (await Management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await Management.PutAsync($"api/permissions/{vhost}/guest", permissions)).EnsureSuccessStatusCode();
        return host;
    }

    /// <summary>Messages waiting in a queue of this virtual host (0 when it does not exist).</summary>
    public Task<int> QueueDepthAsync(string queue) => QueueCountAsync(queue, "messages");

    /// <summary>Consumers attached to a queue of this virtual host (0 when it does not exist).</summary>
    public Task<int> ConsumersAsync(string queue) => QueueCountAsync(queue, "consumers");

    /// <summary>One number the management API reports for a queue (0 when the queue or the number does not exist).</summary>
    async Task<int> QueueCountAsync(string queue, string property)
    {
        var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty(property, out var n) && n.ValueKind == System.Text.Json.JsonValueKind.Number ? n.GetInt32() : 0;
    }

    /// <summary>Every queue of this virtual host with the messages waiting in it, for failure messages.</summary>
    public async Task<string> DescribeQueuesAsync()
    {
        var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}");
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join(", ", json.RootElement.EnumerateArray().Select(q =>
            $"{q.GetProperty("name").GetString()}={(q.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt32() : 0)}"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
        catch (HttpRequestException)
        {
            // The broker is gone already; nothing to clean.
        }
    }

    static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{Host}:15672/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
