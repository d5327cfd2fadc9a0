using Kit.Contracts;
using MassTransit;

namespace Kit.Hosting.Tests;

/// <summary>Always throws, to drive a message through retry into the error queue.</summary>
public sealed class FailingConsumer : IConsumer<ImageBuilt>
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2211", Justification = "A counter the test reads with Volatile.Read and the consumer bumps with Interlocked: it must be a field.")]
    public static int Attempts;

    public Task Consume(ConsumeContext<ImageBuilt> context)
    {
        Interlocked.Increment(ref Attempts);
        throw new InvalidOperationException("the repository is on fire");
    }
}
