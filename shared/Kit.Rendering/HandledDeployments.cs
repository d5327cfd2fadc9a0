namespace Kit.Rendering;

/// <summary>
/// The deployment ids this process has already rendered and published, so a redelivered
/// ManifestsCommitted publishes nothing again. Bounded (oldest forgotten first) and in memory: after a
/// restart a redelivery renders again and republishes the same events (same commit, same digests, same
/// sequence), which the deployer skips as unchanged and the tracker counts once.
/// </summary>
public sealed class HandledDeployments(int capacity = HandledDeployments.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    readonly Lock gate = new();
    readonly HashSet<Guid> done = [];
    readonly Queue<Guid> order = new();
    readonly HashSet<Guid> running = [];

    /// <summary>False when the id was handled already or is being handled now.</summary>
    public bool TryBegin(Guid id)
    {
        lock (gate)
        {
            return !done.Contains(id) && running.Add(id);
        }
    }

    /// <summary>Remembers the id as handled once every event is published.</summary>
    public void Complete(Guid id)
    {
        lock (gate)
        {
            running.Remove(id);
            if (done.Add(id))
            {
                order.Enqueue(id);
                while (order.Count > capacity)
                {
                    done.Remove(order.Dequeue());
                }
            }
        }
    }

    /// <summary>Forgets an attempt that failed, so the retry handles it.</summary>
    public void Abandon(Guid id)
    {
        lock (gate)
        {
            running.Remove(id);
        }
    }
}
