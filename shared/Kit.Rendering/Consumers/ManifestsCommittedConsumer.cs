using System.Diagnostics;
using System.Threading.Channels;
using Kit.Contracts;
using Kit.Hosting;
using MassTransit;

namespace Kit.Rendering.Consumers;

/// <summary>Renders a new commit and publishes the plan, each cluster's manifests and each failure.</summary>
public sealed class ManifestsCommittedConsumer(CommitRenderer renderer, HandledDeployments handled, ILogger<ManifestsCommittedConsumer> logger)
    : IConsumer<ManifestsCommitted>
{
    public async Task Consume(ConsumeContext<ManifestsCommitted> context)
    {
        var commit = context.Message;
        if (!handled.TryBegin(commit.CorrelationId))
        {
            logger.LogInformation("Deployment {DeploymentId} was already rendered; redelivery ignored", commit.CorrelationId);
            return;
        }

        try
        {
            // Each cluster's set goes out as soon as it has rendered: a slow cluster delays no other.
            var ready = Channel.CreateUnbounded<ManifestsRendered>(new UnboundedChannelOptions { SingleReader = true });
            var rendering = RenderAsync(commit, ready.Writer, context.CancellationToken);
            var published = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var rendered in ready.Reader.ReadAllAsync(context.CancellationToken))
            {
                await context.Publish(rendered, context.CancellationToken);
                published.Add(rendered.Cluster);
            }

            var events = await rendering;
            if (commit.Clusters?.Except(events.DefinedClusters, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                logger.LogWarning("Deployment {DeploymentId} names clusters that commit {CommitSha} does not define, ignored: {Clusters}", commit.CorrelationId, commit.CommitSha, string.Join(", ", unknown));
            }

            await context.Publish(events.Planned, context.CancellationToken);
            foreach (var rendered in events.Rendered.Where(r => !published.Contains(r.Cluster)))
            {
                await context.Publish(rendered, context.CancellationToken);
            }

            foreach (var failed in events.Failed)
            {
                // The reason starts with the file and line already; File and Line stay properties for queries in Seq.
                using (logger.BeginScope(new Dictionary<string, object?> { ["File"] = failed.File, ["Line"] = failed.Line }))
                {
                    logger.LogWarning("Commit {CommitSha} cluster {Cluster} failed to render: {Reason}", commit.CommitSha, failed.Cluster ?? "(all)", failed.Reason);
                }
                await context.Publish(failed, context.CancellationToken);
            }

            logger.LogInformation("Commit {CommitSha} rendered for {Clusters} clusters, {Failed} failed", commit.CommitSha, events.Rendered.Count, events.Failed.Count);
            handled.Complete(commit.CorrelationId);
        }
        catch
        {
            handled.Abandon(commit.CorrelationId);
            throw;
        }
    }

    async Task<DeploymentEvents> RenderAsync(ManifestsCommitted commit, ChannelWriter<ManifestsRendered> ready, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var events = await renderer.RenderAsync(commit, options: null, set => ready.TryWrite(set), cancellationToken);
            outcome = events.Failed.Count == 0 ? "succeeded" : "failed";
            return events;
        }
        finally
        {
            ready.Complete();
            KitMetrics.RenderDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
