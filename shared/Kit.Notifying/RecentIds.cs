namespace Kit.Notifying;

/// <summary>The last N deployment ids seen, so a redelivered event does not notify twice.</summary>
public sealed class RecentIds(int capacity = 10_000)
{
    readonly HashSet<Guid> seen = [];
    readonly Queue<Guid> order = new();
    readonly Lock gate = new();

    /// <summary>True the first time an id is added.</summary>
    public bool TryAdd(Guid id)
    {
        lock (gate)
        {
            if (!seen.Add(id))
            {
                return false;
            }

            order.Enqueue(id);
            if (order.Count > capacity)
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Takes an id out again, so that the next <see cref="TryAdd"/> of it is true (its notification was not sent).</summary>
    public void Forget(Guid id)
    {
        lock (gate)
        {
            if (seen.Remove(id))
            {
                var rest = order.Where(o => o != id).ToList();
                order.Clear();
                foreach (var o in rest)
                {
                    order.Enqueue(o);
                }
            }
        }
    }
}
