using System.Collections.Concurrent;
using Kit.Contracts;
using MassTransit;

namespace Kit.Hosting.Tests;

/// <summary>Records the faults published for <see cref="ImageBuilt"/>.</summary>
public sealed class FaultCollector : IConsumer<Fault<ImageBuilt>>
{
    public static readonly ConcurrentQueue<Fault<ImageBuilt>> Faults = new();

    public Task Consume(ConsumeContext<Fault<ImageBuilt>> context)
    {
        Faults.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
