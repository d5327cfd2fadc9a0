using Xunit;

namespace Kit.Testing;

/// <summary>Polling for what a test waits on: a condition that becomes true, or state that stops changing, within a bounded time.</summary>
public static class Eventually
{
    static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> has passed; returns whether it held (the test asserts on what it reads next).</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(every ?? DefaultEvery);
        }

        return true;
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, TimeSpan, TimeSpan?)"/>
    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan within, TimeSpan? every = null) =>
        HoldsAsync(() => Task.FromResult(condition()), within, every);

    /// <summary>Polls until <paramref name="condition"/> holds, or fails the test with <paramref name="describe"/> at the deadline.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, Func<string> describe, TimeSpan? every = null)
    {
        if (!await HoldsAsync(condition, within, every))
        {
            Assert.Fail($"not within {within.TotalSeconds:0} s: {describe()}");
        }
    }

    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> says the value is final or <paramref name="within"/> has passed; returns the last value read.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan? every = null)
    {
        var value = await read();
        await HoldsAsync(async () => done(value) || done(value = await read()), within, every);
        return value;
    }

    /// <summary>
    /// Takes <paramref name="take"/> every <paramref name="every"/> until two takes in a row are <paramref name="same"/>
    /// (at most <paramref name="attempts"/> times); returns the last take and whether it settled.
    /// </summary>
    public static async Task<(T Value, bool Settled)> SettledAsync<T>(Func<T> take, Func<T, T, bool> same, TimeSpan every, int attempts = 50)
    {
        var last = take();
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            await Task.Delay(every);
            var now = take();
            if (same(now, last))
            {
                return (now, true);
            }

            last = now;
        }

        return (last, false);
    }
}
