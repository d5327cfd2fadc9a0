using MassTransit;

namespace Kit.Notifying.Consumers;

/// <summary>
/// Each notifier consumer holds its event, unacknowledged, until Slack or the webhook has it (seconds, or minutes
/// behind a Retry-After): enough of them at once that a slow destination does not stall the queue behind it.
/// </summary>
public sealed class NotificationConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int ConcurrentNotifications = 16;

    public NotificationConsumerDefinition() => ConcurrentMessageLimit = ConcurrentNotifications;
}
