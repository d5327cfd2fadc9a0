using Kit.Contracts;
using Kit.Hosting;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Publishes a completion and records that it went out.</summary>
public static class CompletionPublishing
{
    /// <summary>
    /// Publishes <paramref name="completed"/> (when this message completed the deployment) and marks it
    /// published; if publishing fails, the deadline check publishes it again after the lease.
    /// </summary>
    public static async Task PublishCompletionAsync(this IPublishEndpoint publisher, DeploymentTracker tracker, DeploymentCompleted? completed, CancellationToken cancellationToken = default)
    {
        if (completed is null)
        {
            return;
        }

        if (publisher is ConsumeContext context)
        {
            cancellationToken = context.CancellationToken;
        }

        await publisher.Publish(completed, cancellationToken);
        await tracker.MarkPublishedAsync(completed.CorrelationId, cancellationToken);
        KitMetrics.Deployments.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(completed)));
    }

    /// <summary><c>failed</c> when a cluster failed or timed out or the deployment was aborted, else <c>succeeded</c>.</summary>
    public static string Outcome(DeploymentCompleted completed) =>
        completed.Failed > 0 || completed.TimedOut > 0 || completed.Error is not null ? "failed" : "succeeded";
}
