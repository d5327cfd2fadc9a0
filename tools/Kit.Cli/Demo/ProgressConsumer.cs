using Kit.Contracts;
using MassTransit;

namespace Kit.Cli.Demo;

/// <summary>Feeds <see cref="DeploymentProgress"/> from the bus, for progress bars and tests.</summary>
public sealed class ProgressConsumer(DeploymentProgress progress) :
    IConsumer<ManifestsCommitted>,
    IConsumer<DeploymentPlanned>,
    IConsumer<ClusterDeployed>,
    IConsumer<RenderFailed>,
    IConsumer<ImageUpdateFailed>,
    IConsumer<DeploymentCompleted>
{
    public Task Consume(ConsumeContext<ManifestsCommitted> context)
    {
        progress.For(context.Message.CorrelationId).Committed = context.Message;
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DeploymentPlanned> context)
    {
        progress.For(context.Message.CorrelationId).Planned = context.Message;
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ClusterDeployed> context)
    {
        progress.For(context.Message.CorrelationId).Clusters[context.Message.Cluster] = context.Message;
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RenderFailed> context)
    {
        var m = context.Message;
        progress.For(m.CorrelationId).Failures.Enqueue($"{m.Cluster ?? "render"}: {m.Reason}");
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ImageUpdateFailed> context)
    {
        progress.For(context.Message.CorrelationId).Failures.Enqueue($"image: {context.Message.Reason}");
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DeploymentCompleted> context)
    {
        progress.For(context.Message.CorrelationId).Completion.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
