using Kit.Hosting;

namespace Kit.ImageUpdating;

/// <summary>Counters of one image-deployer, for benchmarks and logs; each also counts in <see cref="KitMetrics"/> for <c>/metrics</c>.</summary>
public sealed class ImageWriterMetrics
{
    long commits;
    long pushRetries;
    long updates;

    /// <summary>Commits pushed.</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>Pushes refused because the branch moved, then re-applied.</summary>
    public long PushRetries => Interlocked.Read(ref pushRetries);

    /// <summary>Images written (a batch commit counts each).</summary>
    public long Updates => Interlocked.Read(ref updates);

    internal void Committed(int images)
    {
        Interlocked.Increment(ref commits);
        Interlocked.Add(ref updates, images);
        KitMetrics.ImageCommits.Add(1);
    }

    internal void Retried()
    {
        Interlocked.Increment(ref pushRetries);
        KitMetrics.PushRetries.Add(1);
    }
}
