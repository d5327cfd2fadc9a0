using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>
/// Hands one event to <paramref name="send"/> and completes, so the broker acknowledges the event, only once every
/// destination took its message or definitively refused it. Each event has its own sealed subclass, so its queue keeps
/// the subclass's name.
/// </summary>
public abstract class NotificationConsumer<TEvent>(Func<TEvent, CancellationToken, Task> send) : IConsumer<TEvent>
    where TEvent : class
{
    public Task Consume(ConsumeContext<TEvent> context) => send(context.Message, context.CancellationToken);
}
