using System.Collections.Concurrent;

namespace Kit.Notifying;

/// <summary>
/// Slack's limit for incoming webhooks, about one message per second per URL: messages to one URL go one at a
/// time, each at least <see cref="Interval"/> after the previous one ended, so a message waiting out a
/// Retry-After holds back the next one too. Other URLs are not held back.
/// </summary>
public sealed class SlackPacing(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly ConcurrentDictionary<Uri, Lane> lanes = new();

    /// <summary>Runs <paramref name="send"/> when its turn for <paramref name="url"/> comes.</summary>
    public async Task<T> RunAsync<T>(Uri url, Func<Task<T>> send, CancellationToken cancellationToken)
    {
        var lane = lanes.GetOrAdd(url, _ => new Lane());
        await lane.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = lane.Next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            return await send();
        }
        finally
        {
            lane.Next = time.GetUtcNow() + Interval;
            lane.Gate.Release();
        }
    }

    sealed class Lane
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset Next { get; set; }
    }
}
