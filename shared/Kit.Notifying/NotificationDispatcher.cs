using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kit.Notifying;

/// <summary>
/// Queues notifications and sends them in the background, one queue per destination, so a slow or
/// failing webhook delays neither the bus nor the other destinations.
/// </summary>
public sealed class NotificationDispatcher(WebhookSender sender, ILogger<NotificationDispatcher> logger) : IHostedService, IDisposable
{
    const int Capacity = 1000;

    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentDictionary<string, Lazy<Queue>> queues = new(StringComparer.Ordinal);

    /// <summary>Queues the notification; false (logged) when its destination's queue is full or stopped.</summary>
    public bool Enqueue(Notification notification)
    {
        var queue = queues.GetOrAdd(notification.Destination, key => new Lazy<Queue>(() => Start(key))).Value;
        if (queue.Channel.Writer.TryWrite(notification))
        {
            return true;
        }

        logger.LogError("Dropped the {Destination} notification for deployment {DeploymentId}: {Capacity} are waiting already",
            notification.Destination, notification.DeploymentId, Capacity);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what is queued until the host's shutdown time is up.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in queues.Values)
        {
            queue.Value.Channel.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(queues.Values.Select(q => q.Value.Drain)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped with notifications still queued");
        }
        finally
        {
            await stopping.CancelAsync();
        }
    }

    public void Dispose() => stopping.Dispose();

    Queue Start(string destination)
    {
        var channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        return new Queue(channel, Task.Run(() => DrainAsync(destination, channel.Reader)));
    }

    async Task DrainAsync(string destination, ChannelReader<Notification> reader)
    {
        try
        {
            await foreach (var notification in reader.ReadAllAsync(stopping.Token))
            {
                try
                {
                    await sender.SendAsync(notification, stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The {Destination} notification for deployment {DeploymentId} failed", destination, notification.DeploymentId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    sealed record Queue(Channel<Notification> Channel, Task Drain);
}
